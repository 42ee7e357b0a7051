/** A comment's Markdown-light as elements (never as HTML): bold, italic, code, links, mentions. */
import { type CommentToken, parseCommentText } from '@stafette/schema';
import type { ReactNode } from 'react';

function render(tokens: CommentToken[], names: Map<string, string>, key = ''): ReactNode[] {
  return tokens.map((token, i) => {
    const k = `${key}${i}`;
    switch (token.type) {
      case 'text':
        return token.text;
      case 'bold':
        return <strong key={k}>{render(token.children, names, `${k}.`)}</strong>;
      case 'italic':
        return <em key={k}>{render(token.children, names, `${k}.`)}</em>;
      case 'code':
        return <code key={k}>{token.text}</code>;
      case 'link':
        return (
          <a key={k} href={token.href} target="_blank" rel="noopener noreferrer nofollow">
            {token.text}
          </a>
        );
      case 'mention':
        // The current name when known (renames follow), else the name written.
        return (
          <span key={k} className="mention" data-user-id={token.userId}>
            @{names.get(token.userId) ?? token.name}
          </span>
        );
      case 'break':
        return <br key={k} />;
    }
  });
}

export function CommentText({ body, names }: { body: string; names: Map<string, string> }) {
  return <div className="comment-text">{render(parseCommentText(body), names)}</div>;
}
