/** A Markdown file's page title: its first level-1 heading (taken out of the body), else the file name. */
export function titleAndBody(fileName: string, markdown: string): { title: string; markdown: string } {
  const text = markdown.replace(/^\uFEFF/, '');
  const match = /^[ \t]*#[ \t]+(.+?)[ \t#]*$/m.exec(text);
  // Only a heading before any other content names the page; a later one is part of the body.
  if (match && text.slice(0, match.index).trim() === '') {
    return { title: match[1]!.trim(), markdown: text.slice(match.index + match[0].length).replace(/^\s*\n/, '') };
  }
  const stem = fileName.replace(/\.(md|markdown|txt)$/i, '').trim();
  return { title: stem || fileName, markdown: text };
}
