/**
 * What the browser tests and the task-pane bench share: the production build, a tiny static server for it, the
 * harness bundle (fake Office + fake Excel), Debian's chromium through playwright-core, a record of every request
 * the page makes, and the engine's own report of the same files for comparison.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join, normalize, resolve, sep } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import webpack from 'webpack';
import { readConfig, type BillingConfig, type ConfigTable, type TableName } from '../../src/billing/config';
import { ReportBuilder, type BillingReport } from '../../src/billing/report';
import { readCsvTable } from '../../src/cli/config-files';
import type { ImportedDocument } from '../../src/import/import-file';
import { ImportSession } from '../../src/import/session';
import type { HarnessSetup, HarnessTable } from './harness/fake-office';
import { distinctNames } from '../../src/taskpane/lib/summary-text';

export const ROOT = resolve(__dirname, '..', '..');
export const DIST = join(ROOT, 'dist');
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'browser');
export const OFFICE_CDN = 'appsforoffice.microsoft.com';
const OFFICE_JS_DIST = join(ROOT, 'node_modules', '@microsoft', 'office-js', 'dist');

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The newest modification time under a directory (files only). */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** dist/ from `npm run build`, built again when it is missing or older than the sources (the fake Excel's too). */
export function ensureBuild(log: (line: string) => void = console.log): void {
  const html = join(DIST, 'taskpane.html');
  // The demo's chunk holds the fake Excel too.
  const sources = Math.max(newest(join(ROOT, 'src')), newest(join(ROOT, 'test', 'fake-excel')), statSync(join(ROOT, 'webpack.config.js')).mtimeMs);
  if (existsSync(html) && statSync(html).mtimeMs >= sources) return;
  log('dist/ is missing or older than src/: running npm run build');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** The harness (fake Office + fake Excel) as one script for page.addInitScript. */
export async function buildHarness(): Promise<string> {
  const out = join(ROOT, 'test-artifacts', 'harness');
  const compiler = webpack({
    mode: 'development',
    devtool: false,
    target: 'web',
    entry: join(__dirname, 'harness', 'fake-office.ts'),
    output: { path: out, filename: 'fake-office.js', iife: true },
    resolve: { extensions: ['.ts', '.js'] },
    module: { rules: [{ test: /\.ts$/, loader: 'ts-loader', options: { transpileOnly: true, compilerOptions: { noEmit: false } } }] },
    infrastructureLogging: { level: 'error' },
  });
  await new Promise<void>((done, fail) =>
    compiler.run((error, stats) => {
      compiler.close(() => undefined);
      if (error) return fail(error);
      if (stats?.hasErrors()) return fail(new Error(stats.toString({ all: false, errors: true })));
      done();
    }),
  );
  return readFileSync(join(out, 'fake-office.js'), 'utf8');
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.png': 'image/png',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serves a directory on localhost (a random free port). */
export async function serve(root: string): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const path = normalize(join(root, decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)));
    if (!path.startsWith(root + sep) || !existsSync(path) || !statSync(path).isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(path).pipe(response);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://localhost:${port}`, close: () => new Promise((done) => server.close(() => done())) };
}

export function launch(): Promise<Browser> {
  // Debian's chromium: playwright-core never downloads a browser here.
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

/** Every request a context makes, and the office.js CDN answered locally (nothing leaves the machine). */
export class RequestLog {
  readonly urls: string[] = [];

  /** Office's CDN: a stub (the harness plays Office), blocked, or the real office.js from @microsoft/office-js. */
  async attach(context: BrowserContext, officeJs: 'stub' | 'blocked' | 'real'): Promise<void> {
    context.on('request', (request) => this.urls.push(request.url()));
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === OFFICE_CDN) {
        if (officeJs === 'blocked') return route.abort('blockedbyclient');
        if (officeJs === 'real') {
          // The npm package is "a copy of what gets published to the official CDN": the same paths under dist/.
          const file = join(OFFICE_JS_DIST, url.pathname.replace(/^\/lib\/1\/hosted\//, ''));
          if (!file.startsWith(OFFICE_JS_DIST + sep) || !existsSync(file)) return route.fulfill({ status: 404, body: '' });
          return route.fulfill({ status: 200, contentType: TYPES[extname(file)] ?? 'text/javascript', body: readFileSync(file) });
        }
        // A stub: the harness defines Office before the page runs; the real loader would replace it.
        return route.fulfill({ status: 200, contentType: 'text/javascript', body: '/* office.js stub for tests */' });
      }
      if (url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.protocol === 'blob:' || url.protocol === 'data:') return route.continue();
      return route.abort('blockedbyclient');
    });
  }

  /** Hosts asked other than localhost and Office's CDN. */
  foreignHosts(): string[] {
    const hosts = new Set<string>();
    for (const url of this.urls) {
      const parsed = new URL(url);
      if (parsed.protocol === 'blob:' || parsed.protocol === 'data:') continue;
      if (!['localhost', '127.0.0.1', OFFICE_CDN].includes(parsed.hostname)) hosts.add(parsed.hostname);
    }
    return [...hosts];
  }
}

/**
 * A new context + page at 320 px, the task pane's width (160 px is the pane at 200 % zoom), with the harness (or
 * without: outside Office).
 */
export async function openPane(
  browser: Browser,
  origin: string,
  options: {
    harness?: string;
    setup?: HarnessSetup;
    log: RequestLog;
    officeJs?: 'stub' | 'blocked' | 'real';
    today?: string;
    /** 'fixed' (the default): the clock stays at `today`; 'running': it runs on from there, and page.clock moves it on. */
    clock?: 'fixed' | 'running';
    /** The accountant's time zone (the machine's otherwise). */
    timezoneId?: string;
    /** The language of the accountant's Office, which the pane's webview takes ("de-DE"). */
    locale?: string;
    width?: number;
    height?: number;
    /** Run in the page before the pane's own scripts (a watch set from the start). */
    initScript?: string;
  },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 320, height: options.height ?? 900 },
    acceptDownloads: true,
    deviceScaleFactor: 1,
    timezoneId: options.timezoneId,
    locale: options.locale,
  });
  await options.log.attach(context, options.officeJs ?? 'stub');
  const page = await context.newPage();
  if (options.today && options.clock === 'running') await page.clock.install({ time: new Date(options.today) });
  else if (options.today) await page.clock.setFixedTime(new Date(options.today));
  if (options.harness) {
    await page.addInitScript({ content: `window.__HARNESS_SETUP__ = ${JSON.stringify(options.setup ?? { tables: [] })};\n${options.harness}` });
  }
  if (options.initScript) await page.addInitScript({ content: options.initScript });
  await page.goto(`${origin}/taskpane.html`);
  return { context, page };
}

export const CONFIG_FILES: Array<{ name: TableName; sheet: string; table: string; file: string }> = [
  { name: 'Settings', sheet: 'Settings', table: 'Settings', file: 'settings.csv' },
  { name: 'Customers', sheet: 'Customers', table: 'Customers', file: 'customers.csv' },
  { name: 'Prices', sheet: 'Prices', table: 'Prices', file: 'prices.csv' },
  { name: 'Customer Prices', sheet: 'Customer Prices', table: 'CustomerPrices', file: 'customer-prices.csv' },
  { name: 'Invoices', sheet: 'Invoices', table: 'Invoices', file: 'invoices.csv' },
];

/** The configuration CSVs of a folder, as the engine reads them and as tables to seed the fake workbook with. */
export async function configIn(dir: string, replace: Partial<Record<TableName, string>> = {}): Promise<{ tables: ConfigTable[]; seed: HarnessTable[]; config: BillingConfig }> {
  const tables = await Promise.all(CONFIG_FILES.map((entry) => readCsvTable(entry.name, replace[entry.name] ?? join(dir, entry.file))));
  const seed = CONFIG_FILES.map((entry, index) => ({ sheet: entry.sheet, table: entry.table, rows: [tables[index].header, ...tables[index].rows] }));
  const { config, problems } = readConfig(tables);
  return { tables, seed, config: problems.length > 0 ? readConfig([]).config : config };
}

async function* bytes(path: string): AsyncGenerator<Uint8Array> {
  yield readFileSync(path);
}

/** The engine's report of files (in this order) under a configuration, as the command line makes it. */
export async function engineReport(config: BillingConfig, paths: string[], months: string[] | null): Promise<{ report: BillingReport; documents: ImportedDocument[] }> {
  const session = new ImportSession();
  const builder = new ReportBuilder(config, { months: months === null ? null : new Set(months), keepLines: true });
  // Named as the pane names them: two files of one name are told apart by their place.
  const names = distinctNames([], paths.map((path) => basename(path)));
  for (const [index, path] of paths.entries()) {
    const lines = builder.startDocument();
    const document = await session.importFile(names[index], bytes(path), (line) => lines.add(line), { cycleEndDay: config.settings.cycleEndDay });
    builder.addDocument(document, lines);
  }
  return { report: builder.build(), documents: session.documents };
}

/** test-artifacts/browser/, emptied of the previous run's screenshots. */
export function ensureArtifacts(): void {
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const name of readdirSync(ARTIFACTS)) if (name.endsWith('.png')) rmSync(join(ARTIFACTS, name));
}
