import { type Compilable, CompiledQuery } from 'kysely';
import type { Db } from './database.js';
import { dialectOf } from './dialect.js';

/** Where a value goes: argument `arg`, or item `item` of it when it is a list (an index) or a record of columns (a key). */
class Slot {
  constructor(
    readonly arg: number,
    readonly item?: number | string,
  ) {}
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A record's keys with a value (Kysely leaves out a column set to `undefined`). */
const keysOf = (record: Record<string, unknown>) => Object.keys(record).filter((key) => record[key] !== undefined);

/** What makes two calls' SQL differ: each list's length, each record's keys. */
const shapeOf = (arg: unknown): string => (Array.isArray(arg) ? String(arg.length) : isRecord(arg) ? keysOf(arg).join('|') : '');

function standIn(arg: unknown, i: number): unknown {
  if (Array.isArray(arg)) return arg.map((_, j) => new Slot(i, j));
  if (isRecord(arg)) return Object.fromEntries(keysOf(arg).map((key) => [key, new Slot(i, key)]));
  return new Slot(i);
}

function valueAt(args: readonly unknown[], slot: Slot): unknown {
  const arg = args[slot.arg];
  return slot.item === undefined ? arg : (arg as Record<string | number, unknown>)[slot.item];
}

/** A parameter's value: a stand-in's, or a list of them (a list passed as one array: db/in-list-as-array.ts). */
function parameterValue(args: readonly unknown[], parameter: unknown): unknown {
  if (parameter instanceof Slot) return valueAt(args, parameter);
  if (Array.isArray(parameter) && parameter.some((item) => item instanceof Slot)) return parameter.map((item) => parameterValue(args, item));
  return parameter;
}

/** Shapes kept per query: lists of every length would otherwise each keep one (the oldest goes first). */
const SHAPES = 64;

interface Shape {
  sql: string;
  parameters: readonly unknown[];
}

/**
 * A Kysely query built and compiled once per shape, then run with each call's values. Building a query
 * with the builder costs more than SQLite takes to run it (a conversation's view: ~170 µs to build its
 * select of five subqueries, on every offer and take). `build` is called once per dialect, per length of each
 * list argument (`in (…)` grows with it) and per set of keys of each record argument (`set(changes)`), with
 * stand-ins for the arguments. It must not branch on their values (no `$if` on an argument, no `is null`
 * chosen by one): a stand-in is no value, only a place.
 */
export function prepared<Args extends readonly unknown[], Row>(build: (db: Db, ...args: Args) => Compilable<Row>): (db: Db, ...args: Args) => Promise<Row[]> {
  const shapes = new Map<string, Shape>();
  return async (db, ...args) => {
    const key = `${dialectOf(db)}:${args.map(shapeOf).join(',')}`;
    let shape = shapes.get(key);
    if (!shape) {
      const compiled = build(db, ...(args.map(standIn) as unknown as Args)).compile();
      shape = { sql: compiled.sql, parameters: compiled.parameters };
      shapes.set(key, shape);
      if (shapes.size > SHAPES) shapes.delete(shapes.keys().next().value!);
    }
    const parameters = shape.parameters.map((p) => parameterValue(args, p));
    return (await db.executeQuery<Row>(CompiledQuery.raw(shape.sql, parameters))).rows;
  };
}
