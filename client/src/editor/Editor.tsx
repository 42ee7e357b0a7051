/**
 * The page editor: ProseMirror on the page schema, bound to the page's Y.Doc by y-prosemirror
 * (sync, remote cursors, undo), with toolbar, shortcuts, Markdown input rules, paste clean-up
 * and the "[[" page-link menu. View and edit are one: for readers the same view is read-only.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EditorState, type Command, type NodeSelection } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { dropCursor } from 'prosemirror-dropcursor';
import { gapCursor } from 'prosemirror-gapcursor';
import { columnResizing, tableEditing } from 'prosemirror-tables';
import { ySyncPlugin, yCursorPlugin, yUndoPlugin } from 'y-prosemirror';
import { PROSEMIRROR_FRAGMENT, parsePageHref, schema } from '@stafette/schema';
import { Notice } from '../ui/Notice.tsx';
import { currentLinkHref, setLink } from './commands.ts';
import { buildInputRules } from './input-rules.ts';
import { buildKeymaps } from './keymap.ts';
import { LinkDialog } from './LinkDialog.tsx';
import { insertPageLink, pageLinkSuggestPlugin, type SuggestState } from './page-link-suggest.ts';
import { PageLinkMenu, type PageLinkMenuHandle } from './PageLinkMenu.tsx';
import { pastePlugin } from './paste.ts';
import { placeholderPlugin } from './placeholder.ts';
import { taskItemView } from './task-item-view.ts';
import { imageSelected, Toolbar } from './Toolbar.tsx';
import { uploadErrorText, uploadFiles, uploadsPlugin, type UploadTexts } from './uploads.ts';
import { useScreenSize, useTouchScreen } from '../layout/use-screen-size.ts';
import { caretScroll, useKeyboardInset } from './keyboard-inset.ts';
import { ScrollableTableView } from './table-view.ts';
import { AltTextDialog } from '../files/AltTextDialog.tsx';
import { fileCardView } from '../files/file-card-view.ts';
import { UploadNetworkError } from '../files/upload.ts';
import type { CollabSession } from './use-collab.ts';

interface Props {
  collab: CollabSession;
  pageId: string;
  title: string;
  editable: boolean;
  onNavigate(path: string): void;
  /** The XmlFragment to edit (default: the page body); interviews edit one per answer. */
  fragment?: string;
  /** DOM id of the editable element (default `page-editor`; unique per editor on a screen). */
  domId?: string;
  /** The ProseMirror view once mounted (null when it goes): comments read the selection and draw their anchors. */
  onView?(view: EditorView | null): void;
  /** false: no uploads (a template body belongs to no page, so files have nowhere to go). */
  files?: boolean;
}

export function Editor({ collab, pageId, title, editable, onNavigate, fragment, domId, onView, files = true }: Props) {
  const { t } = useTranslation();
  const wrapperRef = useRef<HTMLDivElement>(null);
  const mountRef = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<EditorView | null>(null);
  const [editorState, setEditorState] = useState<EditorState | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [linkDialog, setLinkDialog] = useState<{ href: string } | null>(null);
  const [altDialog, setAltDialog] = useState<{ alt: string; pos: number } | null>(null);
  const fileInputRef = useRef<HTMLInputElement>(null);
  const photoInputRef = useRef<HTMLInputElement>(null);
  const touchScreen = useTouchScreen();
  // Phones: the toolbar follows the on-screen keyboard (a tablet's keyboard leaves it in view at the top).
  const keyboardInset = useKeyboardInset(useScreenSize() === 'phone' && touchScreen);
  // The keyboard opened (or grew): the caret is brought above it and the toolbar riding on it.
  useEffect(() => {
    if (!view || keyboardInset === 0 || !view.hasFocus()) return;
    const toolbar = wrapperRef.current?.querySelector<HTMLElement>('[role="toolbar"]');
    const caret = view.coordsAtPos(view.state.selection.head);
    const by = caretScroll(caret.bottom, window.innerHeight, keyboardInset, toolbar?.offsetHeight ?? 0);
    if (by > 0) scrollerOf(view.dom).scrollBy(0, by);
  }, [view, keyboardInset]);
  const pageIdRef = useRef(pageId);
  pageIdRef.current = pageId;
  const [trigger, setTrigger] = useState<SuggestState | null>(null);
  const menuRef = useRef<PageLinkMenuHandle>(null);
  // Plugins are created once per document; they read the latest values through refs.
  const editableRef = useRef(editable);
  editableRef.current = editable;
  const tRef = useRef(t);
  tRef.current = t;
  const navigateRef = useRef(onNavigate);
  navigateRef.current = onNavigate;

  useEffect(() => {
    const mount = mountRef.current;
    if (!mount) return;
    const openLinkDialog: Command = (state) => {
      setLinkDialog({ href: currentLinkHref(state) });
      return true;
    };
    const uploadTexts = (): UploadTexts => {
      const tr = tRef.current;
      return {
        uploading: (name, percent) => tr('files.uploading', { name, percent }),
        waiting: (name) => tr('files.waiting', { name }),
        failed: (name, reason) => tr('files.failed', { name, reason }),
        retry: tr('files.retry'),
        discard: tr('files.discard'),
        progressLabel: (name) => tr('files.progressLabel', { name }),
        reason: (error) => (error instanceof UploadNetworkError ? tr('files.failedNetwork') : uploadErrorText(error, tr, document.documentElement.lang.startsWith('en') ? 'en' : 'de')),
      };
    };
    const state = EditorState.create({
      schema,
      plugins: [
        pageLinkSuggestPlugin({
          onChange: (next) => setTrigger(next.active ? next : null),
          onKey: (key) => menuRef.current?.onKey(key) ?? false,
        }),
        ySyncPlugin(collab.ydoc.getXmlFragment(fragment ?? PROSEMIRROR_FRAGMENT)),
        // Several editors on one document keep their cursors apart in the awareness state.
        yCursorPlugin(collab.provider.awareness, {}, fragment ? `cursor:${fragment}` : 'cursor'),
        yUndoPlugin(),
        buildInputRules(),
        ...buildKeymaps(openLinkDialog),
        // Columns not resized by hand may narrow to 48 px, so a table of five fits a phone's width.
        columnResizing({ View: ScrollableTableView, defaultCellMinWidth: 48 }),
        tableEditing(),
        dropCursor({ color: '#175cd3' }),
        gapCursor(),
        ...(files ? [uploadsPlugin({ pageId: () => pageIdRef.current, texts: uploadTexts })] : []),
        pastePlugin((count) => setNotice(tRef.current('editor.imagesDropped', { count }))),
        placeholderPlugin(() => tRef.current('editor.placeholder')),
      ],
    });
    const editorView: EditorView = new EditorView(mount, {
      state,
      editable: () => editableRef.current,
      nodeViews: {
        task_item: taskItemView(() => tRef.current('editor.taskDone')),
        file: fileCardView({
          download: (name, kind, size) => tRef.current('files.download', { name, kind, size }),
          kind: (kind) => tRef.current(`files.kind.${kind}`),
          locale: () => (document.documentElement.lang.startsWith('en') ? 'en' : 'de'),
        }),
      },
      // `this` is the view: plugins may dispatch while the constructor is still running.
      // y-prosemirror batches some dispatches in a timeout that can fire after the view was
      // destroyed (navigating away); those have nothing left to update.
      dispatchTransaction(this: EditorView, tr) {
        if (this.isDestroyed) return;
        const next = this.state.apply(tr);
        this.updateState(next);
        setEditorState(next);
      },
      handleDOMEvents: {
        click(_view, event) {
          // Page links navigate inside the app: always for readers, with Ctrl/Cmd while editing.
          const anchor = (event.target as HTMLElement).closest('a');
          if (!anchor) return false;
          const href = anchor.getAttribute('href') ?? '';
          const target = parsePageHref(href);
          if (!editableRef.current || event.ctrlKey || event.metaKey) {
            event.preventDefault();
            if (target) navigateRef.current(href);
            else window.open(href, '_blank', 'noopener,noreferrer');
            return true;
          }
          return false;
        },
      },
    });
    setView(editorView);
    setEditorState(editorView.state);
    return () => {
      editorView.destroy();
      setView(null);
    };
  }, [collab, fragment]);

  useEffect(() => {
    if (!view) return;
    view.setProps({ editable: () => editable });
  }, [editable, view]);

  useEffect(() => {
    onView?.(view);
    return () => onView?.(null);
  }, [view, onView]);

  useEffect(() => {
    view?.setProps({
      attributes: {
        id: domId ?? 'page-editor',
        class: 'page-content',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': t('editor.label', { title }),
        'aria-readonly': String(!editable),
        spellcheck: 'true',
        lang: document.documentElement.lang,
      },
    });
  }, [view, t, title, editable, domId]);

  const applyLink = useCallback(
    (href: string | null) => {
      setLinkDialog(null);
      if (!view) return;
      setLink(href)(view.state, view.dispatch);
      view.focus();
    },
    [view],
  );

  const startPageLink = useCallback(() => {
    if (!view) return;
    view.dispatch(view.state.tr.insertText('[['));
    view.focus();
  }, [view]);

  const clearNotice = useCallback(() => setNotice(null), []);

  const openAltDialog = useCallback(() => {
    if (!view || !imageSelected(view.state)) return;
    const selection = view.state.selection as NodeSelection;
    setAltDialog({ alt: (selection.node.attrs.alt as string | null) ?? '', pos: selection.from });
  }, [view]);

  const applyAlt = useCallback(
    (alt: string) => {
      const target = altDialog;
      setAltDialog(null);
      if (!view || !target) return;
      const node = view.state.doc.nodeAt(target.pos);
      if (node?.type === schema.nodes.image) view.dispatch(view.state.tr.setNodeMarkup(target.pos, undefined, { ...node.attrs, alt: alt === '' ? null : alt }));
      view.focus();
    },
    [view, altDialog],
  );

  return (
    <div className="editor" ref={wrapperRef}>
      {editable && view && editorState && (
        <Toolbar
          view={view}
          state={editorState}
          onLink={() => setLinkDialog({ href: currentLinkHref(view.state) })}
          onPageLink={startPageLink}
          onAttach={files ? () => fileInputRef.current?.click() : undefined}
          onPhoto={files && touchScreen ? () => photoInputRef.current?.click() : undefined}
          onAltText={openAltDialog}
          keyboardInset={keyboardInset}
        />
      )}
      {editable && (
        <input
          ref={fileInputRef}
          type="file"
          multiple
          hidden
          aria-hidden="true"
          tabIndex={-1}
          data-testid="attach-input"
          onChange={(event) => {
            const files = Array.from(event.target.files ?? []);
            event.target.value = '';
            if (view && files.length > 0) {
              uploadFiles(view, files);
              view.focus();
            }
          }}
        />
      )}
      {editable && touchScreen && (
        // The camera of a phone or tablet (`capture`). Asking for JPEG makes iPhones convert their HEIC photos, which the server cannot re-encode; the upload strips the location (EXIF GPS) on the server.
        <input
          ref={photoInputRef}
          type="file"
          accept="image/jpeg,image/png,image/webp"
          capture="environment"
          hidden
          aria-hidden="true"
          tabIndex={-1}
          data-testid="photo-input"
          onChange={(event) => {
            const files = Array.from(event.target.files ?? []);
            event.target.value = '';
            if (view && files.length > 0) {
              uploadFiles(view, files);
              view.focus();
            }
          }}
        />
      )}
      <div ref={mountRef} className="editor-mount" />
      {view && trigger && editable && wrapperRef.current && (
        <PageLinkMenu
          ref={menuRef}
          view={view}
          trigger={trigger}
          currentPageId={pageId}
          container={wrapperRef.current}
          onChoose={(page) => {
            insertPageLink(view, trigger, page);
            setTrigger(null);
          }}
        />
      )}
      <LinkDialog open={linkDialog !== null} initialHref={linkDialog?.href ?? ''} onApply={applyLink} onClose={() => { setLinkDialog(null); view?.focus(); }} />
      <AltTextDialog open={altDialog !== null} initialAlt={altDialog?.alt ?? ''} onApply={applyAlt} onClose={() => { setAltDialog(null); view?.focus(); }} />
      <Notice message={notice} onDone={clearNotice} />
    </div>
  );
}

/** The nearest ancestor that scrolls vertically (the main area of the shell), else the window. */
function scrollerOf(element: HTMLElement): HTMLElement | Window {
  for (let node = element.parentElement; node; node = node.parentElement) {
    const overflow = getComputedStyle(node).overflowY;
    if ((overflow === 'auto' || overflow === 'scroll') && node.scrollHeight > node.clientHeight) return node;
  }
  return window;
}
