import { describe, expect, it } from 'vitest';
import { offeredIds, offerText } from './offers.js';

describe('an offer as its row holds it', () => {
  it('lists the agents between commas, and reads them back', () => {
    expect(offerText([3, 17, 12])).toBe(',3,17,12,');
    expect(offeredIds(',3,17,12,')).toEqual([3, 17, 12]);
  });

  it('is nothing for nobody', () => {
    expect(offerText([])).toBeNull();
    expect(offeredIds(null)).toEqual([]);
  });
});
