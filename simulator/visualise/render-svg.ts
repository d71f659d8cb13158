import { instance, type Viz } from '@viz-js/viz';

/** Graphviz compiled to WebAssembly (shipped inside the npm package): SVG with no binary and no network. */
let viz: Promise<Viz> | undefined;

export async function dotToSvg(dot: string): Promise<string> {
  viz ??= instance();
  const result = (await viz).render(dot, { format: 'svg' });
  if (result.status !== 'success') {
    throw new Error(`Graphviz could not render the diagram: ${result.errors.map((e) => e.message).join('; ')}`);
  }
  return result.output;
}
