/**
 * A template's body in the page editor (toolbar, tables, task lists, shortcuts, "[[" page
 * links), on a Y.Doc of its own in the browser: a template is no live page, so nobody else
 * edits it at the same time. The body goes to and from the server as Markdown with `{{Feld}}`
 * placeholders, which the editor keeps as text.
 */
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Awareness } from 'y-protocols/awareness';
import type { WebsocketProvider } from 'y-websocket';
import { docToMarkdown, jsonToYDoc, markdownToJSON, yDocToJSON } from '@stafette/schema';
import { Editor } from '../editor/Editor.tsx';
import type { CollabSession } from '../editor/use-collab.ts';

interface Props {
  /** The body as stored (Markdown). */
  markdown: string;
  /** Shown in the editor's accessible name. */
  name: string;
  onChange(markdown: string): void;
}

export function TemplateBodyEditor({ markdown, name, onChange }: Props) {
  const navigate = useNavigate();
  // The editor only reads the awareness of a provider (for remote cursors): a local one is all it needs.
  const [session] = useState<CollabSession>(() => {
    const ydoc = jsonToYDoc(markdownToJSON(markdown));
    return { ydoc, provider: { awareness: new Awareness(ydoc) } as unknown as WebsocketProvider };
  });
  useEffect(() => {
    const changed = () => onChange(docToMarkdown(yDocToJSON(session.ydoc)));
    session.ydoc.on('update', changed);
    return () => session.ydoc.off('update', changed);
  }, [session, onChange]);
  useEffect(
    () => () => {
      session.provider.awareness.destroy();
      session.ydoc.destroy();
    },
    [session],
  );
  return (
    <div className="template-body-editor">
      <Editor collab={session} pageId="" title={name} editable files={false} domId="template-body" onNavigate={(path) => void navigate(path)} />
    </div>
  );
}
