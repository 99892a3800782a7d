import { describe, expect, it } from 'vitest';
import { onColour, stylesheet } from './style.ts';

describe('Help Center theme', () => {
  it('puts readable text on the brand colour', () => {
    expect(onColour('#3b4fd8')).toBe('#ffffff');
    expect(onColour('#000000')).toBe('#ffffff');
    expect(onColour('#ffe066')).toBe('#111827');
    expect(onColour('#ffffff')).toBe('#111827');
  });

  it('uses the workspace colour, or the default one', () => {
    expect(stylesheet('#ffe066')).toContain('--brand:#ffe066;--on-brand:#111827');
    expect(stylesheet(null)).toContain('--brand:#3b4fd8;--on-brand:#ffffff');
  });
});
