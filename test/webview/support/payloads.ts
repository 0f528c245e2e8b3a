/** Hostile text a document or a model could produce; every view must show it as inert text. */
export const HOSTILE = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'">',
  '<svg onload="window.__pwned = \'svg\'"></svg>',
  '"><iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '<a href="javascript:window.__pwned=1">click</a>',
  '<style>body{display:none}</style>',
];

/** Counts elements a payload would inject and the pwned flag, in the page. */
export const INJECTION_PROBE = `(() => ({
  pwned: window.__pwned ?? null,
  scripts: document.querySelectorAll('script').length,
  injected: document.querySelectorAll('main img, main iframe, main a[href^="javascript"], main :not(svg) > style, main [onerror], main [onload], main script').length,
}))()`;
