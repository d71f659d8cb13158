/** The formats `handover-sim diagram` draws in; apart from the renderers so the CLI's help loads none of them. */
export const DIAGRAM_FORMATS = ['mermaid', 'dot', 'svg', 'studio'] as const;
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

export const FILE_EXTENSION: Record<DiagramFormat, string> = {
  mermaid: 'mmd',
  dot: 'dot',
  svg: 'svg',
  studio: 'studio.js',
};
