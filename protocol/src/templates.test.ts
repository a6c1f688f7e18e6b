import { describe, expect, it } from 'vitest';
import { fillTemplate, TemplateInput } from './templates.js';

describe('fillTemplate', () => {
  it("fills the customer's and the agent's name", () => {
    expect(fillTemplate('Hello {customer.name}, this is {agent.name}.', { customerName: 'Jens', agentName: 'Anna' })).toBe('Hello Jens, this is Anna.');
  });

  it('fills every occurrence, and tolerates spaces inside the braces', () => {
    expect(fillTemplate('{customer.name}! { customer.name }?', { customerName: 'Eva' })).toBe('Eva! Eva?');
  });

  it('leaves a placeholder readable when its value is unknown or blank', () => {
    expect(fillTemplate('Hi {customer.name}, {agent.name} here', { agentName: 'Anna' })).toBe('Hi {customer.name}, Anna here');
    expect(fillTemplate('Hi {customer.name}', { customerName: '   ' })).toBe('Hi {customer.name}');
    expect(fillTemplate('Hi {customer.name}', { customerName: null })).toBe('Hi {customer.name}');
  });

  it('leaves other braces and replacement patterns alone', () => {
    expect(fillTemplate('{order.id} {customer.name}', { customerName: '$& $1' })).toBe('{order.id} $& $1');
  });
});

describe('TemplateInput', () => {
  it('names the field that is wrong', () => {
    const result = TemplateInput.safeParse({ groupId: 1, title: ' ', body: 'x', language: 'xx' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['language', 'title']);
  });
});
