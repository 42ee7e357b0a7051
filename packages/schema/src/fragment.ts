/**
 * Name of the Y.XmlFragment that holds a page body inside its Y.Doc. It is y-prosemirror's
 * default, so `ySyncPlugin(ydoc.getXmlFragment(PROSEMIRROR_FRAGMENT))` and the server agree.
 */
export const PROSEMIRROR_FRAGMENT = 'prosemirror';
