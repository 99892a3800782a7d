import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../cli.ts';
import { analyzeFiles } from './analyze-files.ts';

const FIXTURES = path.join(import.meta.dirname, 'stats', 'fixtures');
const fixture = (name: string, file: string) => path.join(FIXTURES, name, file);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-analyze-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
};

/** A configuration under which any database access would fail or leave a trace in DATA_DIR. */
const noDatabaseEnv = () => ({
  DATABASE_URL: 'postgres://nobody@127.0.0.1:1/unreachable',
  DATA_DIR: path.join(tmp, 'must-not-exist'),
  PATH: process.env.PATH,
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { env: noDatabaseEnv(), io: { out: (t) => out.push(t), err: (t) => err.push(t) } });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('baton experiments analyze', () => {
  it('prints the analysis (the fixture test checks it against scipy), without configuration or database', async () => {
    const r = await cli('experiments', 'analyze', '--design', fixture('three-arms', 'design.json'), '--units', fixture('three-arms', 'units.csv'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out);
    const expected = JSON.parse(fs.readFileSync(fixture('three-arms', 'expected.json'), 'utf8'));
    expect(Object.keys(result.results.comparisons)).toEqual(['help_hidden', 'help_expanded']);
    const read = (f: string) => fs.readFileSync(fixture('three-arms', f), 'utf8');
    expect(result).toEqual(JSON.parse(JSON.stringify(analyzeFiles(read('design.json'), read('units.csv')))));
    expect(result.results.variants.control.n).toBe(expected.results.variants.control.n);
    expect(result.results.comparisons.help_hidden.conversion.p_value_holm).toBeCloseTo(
      expected.results.comparisons.help_hidden.conversion.p_value_holm,
      12,
    );
    expect(fs.existsSync(noDatabaseEnv().DATA_DIR)).toBe(false);
  });

  it('writes --out instead of printing', async () => {
    const out = path.join(tmp, 'result.json');
    const r = await cli('experiments', 'analyze', '--design', fixture('tiny', 'design.json'), '--units', fixture('tiny', 'units.csv'), '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).results.variants.control.n).toBe(5);
  });

  it('exits 2 naming the line and column of a bad row, or the field of a bad design', async () => {
    const design = fixture('tiny', 'design.json');
    const units = write(
      'bad.csv',
      'unit_id,variant,converted,revenue,pre_revenue,conversations,searches\nu1,control,0,1.5,2,0,1\nu2,treatment,1,-4,2,0,1\n',
    );
    const row = await cli('experiments', 'analyze', '--design', design, '--units', units);
    expect(row.code).toBe(2);
    expect(row.err).toContain('units line 3, column revenue');
    expect(row.err).toContain('"-4"');

    const badDesign = write('design.json', JSON.stringify({ control: 'control', variants: ['control', 'treatment'], intended_split: { control: 0.5 } }));
    const d = await cli('experiments', 'analyze', '--design', badDesign, '--units', fixture('tiny', 'units.csv'));
    expect(d.code).toBe(2);
    expect(d.err).toContain('design.intended_split.treatment');

    const notJson = await cli('experiments', 'analyze', '--design', write('x.json', '{"control":'), '--units', units);
    expect(notJson.code).toBe(2);
    expect(notJson.err).toContain('design: is not valid JSON');

    const missing = await cli('experiments', 'analyze', '--design', path.join(tmp, 'nope.json'), '--units', units);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--design: cannot read');
    const noFlag = await cli('experiments', 'analyze', '--design', design);
    expect(noFlag.code).toBe(2);
    expect(noFlag.err).toContain('--units: is required');
  });

  it('runs through bin/baton.mjs in a fresh process with an unreachable database configured', async () => {
    const bin = path.resolve(import.meta.dirname, '../../bin/baton.mjs');
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [bin, ...args], { env: noDatabaseEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    const ok = await run(['experiments', 'analyze', '--design', fixture('srm', 'design.json'), '--units', fixture('srm', 'units.csv')]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const expected = JSON.parse(fs.readFileSync(fixture('srm', 'expected.json'), 'utf8'));
    expect(JSON.parse(ok.stdout).results.srm.df).toBe(expected.results.srm.df);
    expect(JSON.parse(ok.stdout).results.srm.p_value).toBeCloseTo(expected.results.srm.p_value, 12);
    const bad = await run(['experiments', 'analyze', '--design', fixture('srm', 'units.csv'), '--units', fixture('srm', 'units.csv')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('design: is not valid JSON');
    expect(fs.existsSync(noDatabaseEnv().DATA_DIR)).toBe(false);
  }, 60_000);
});
