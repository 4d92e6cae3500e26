/**
 * Fills `{name}` placeholders from captures and object references. A part in `[brackets]` is dropped
 * when any placeholder inside it has no value; a placeholder outside brackets with no value stays
 * visible as `{name}` (in a command that is a prompt to fill in).
 */

/** Render a headline/command template. */
export function renderTemplate(template: string, values: Record<string, string | undefined>): string {
  const fill = (part: string, strict: boolean): string | null => {
    let missing = false;
    const out = part.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => {
      const v = values[name];
      if (v === undefined || v === '') { missing = true; return whole; }
      return v;
    });
    return strict && missing ? null : out;
  };
  const withOptional = template.replace(/\[([^\[\]]*)\]/g, (_w, inner: string) => fill(inner, true) ?? '');
  return fill(withOptional, false)!;
}
