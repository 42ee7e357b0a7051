/**
 * The web app manifest: what a phone or tablet shows when Stafette is installed (name, icons,
 * colours, standalone window) and the shortcuts on its icon (search, start page). German first,
 * like the interface; the icons are the favicon drawn at 192 and 512 px, plus a full-bleed
 * maskable one whose baton sits inside the safe zone.
 */
import type { ManifestOptions } from 'vite-plugin-pwa';

export const pwaManifest: Partial<ManifestOptions> = {
  id: '/',
  name: 'Stafette – Wissen der Verwaltung',
  short_name: 'Stafette',
  description: 'Das gemeinsame Wissen der Verwaltung: Seiten, Prozesse und Übergaben – im Büro und unterwegs im Außendienst.',
  lang: 'de',
  dir: 'ltr',
  start_url: '/',
  scope: '/',
  display: 'standalone',
  orientation: 'any',
  theme_color: '#1f4e8c',
  background_color: '#ffffff',
  categories: ['productivity', 'business'],
  icons: [
    { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
  ],
  shortcuts: [
    { name: 'Suche', short_name: 'Suche', description: 'Seiten und Prozesse durchsuchen', url: '/search', icons: [{ src: '/icon-192.png', sizes: '192x192', type: 'image/png' }] },
    { name: 'Startseite', short_name: 'Start', description: 'Zuletzt bearbeitete Seiten und Bereiche', url: '/', icons: [{ src: '/icon-192.png', sizes: '192x192', type: 'image/png' }] },
  ],
};
