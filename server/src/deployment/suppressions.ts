/**
 * Ignore comments in server.xml: `<!-- haproxy-bitbucket-lint ignore=<id> -->` on the line
 * above an element silences the rule for that element's start tag (which may span several
 * lines); `<!-- haproxy-bitbucket-lint global ignore=<id> -->` silences it in the file.
 */
import { collectSuppressions, type Suppressions } from '../common/suppressions';
import type { ServerXml, XmlElement } from '../serverxml/tree';

/** The last line of an element's start tag. */
export function startTagLastLine(element: XmlElement): number {
  const last = element.attributes[element.attributes.length - 1];
  return (last ? last.range.end : element.nameRange.end).line;
}

export function xmlSuppressions(xml: ServerXml): { s: Suppressions; line: (line: number) => number } {
  const starts = xml.elements.map((e) => e.line).sort((a, b) => a - b);
  const s = collectSuppressions(
    xml.comments.map((c) => ({ text: c.text, line: c.lastLine, ownLine: c.ownLine })),
    (line) => starts.find((l) => l > line) ?? line + 1,
  );
  const line = (l: number): number => {
    for (let i = xml.elements.length - 1; i >= 0; i--) {
      const e = xml.elements[i];
      if (e.line <= l && l <= startTagLastLine(e)) return e.line;
    }
    return l;
  };
  return { s, line };
}
