/**
 * Whether the screen is worked with fingers (phones, tablets). There, focusing a text field opens
 * the on-screen keyboard over half the screen, so fields take focus only when tapped.
 */
export function isTouchScreen(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;
}
