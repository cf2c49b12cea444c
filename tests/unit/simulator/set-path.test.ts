import { describe, expect, it } from 'vitest';
import { generateBody } from '../../../electron/engine/simulator/generate';
import { parseAssignment, setAtPath } from '../../../electron/engine/simulator/set-path';
import { SimWorld } from '../../../electron/engine/simulator/world';

const world = (): SimWorld => new SimWorld({ seed: 1, startMs: Date.UTC(2026, 10, 27) });

describe('overrides by JSON path', () => {
  it('parses values as JSON when they parse, else as strings', () => {
    expect(parseAssignment('payload.chat.id=ABC')).toEqual({ path: 'payload.chat.id', value: 'ABC' });
    expect(parseAssignment('a.b=42')).toEqual({ path: 'a.b', value: 42 });
    expect(parseAssignment('a=true')).toEqual({ path: 'a', value: true });
    expect(parseAssignment('a={"x":[1,null]}')).toEqual({ path: 'a', value: { x: [1, null] } });
    expect(parseAssignment('a="42"')).toEqual({ path: 'a', value: '42' });
    expect(parseAssignment('a=x=y')).toEqual({ path: 'a', value: 'x=y' });
    expect(parseAssignment('a=')).toEqual({ path: 'a', value: '' });
  });

  it('sets fields anywhere in a generated body, creating what is missing', () => {
    const body = generateBody(world(), 'incoming_chat', {
      set: [
        'payload.chat.id=ABC1234567',
        'payload.chat.users[0].name=Ann Lee',
        'payload.chat.thread.events[1].text="Hi!"',
        'additional_data.chat_presence_user_ids=["x@example.com"]',
        'payload["odd key"].n=1',
        'payload.chat.users[2]={"id":"bot"}',
        'new.list[0].x=1',
      ],
    });
    const chat = (body.payload as { chat: { id: string; users: Array<{ name?: string; id: string }>; thread: { events: Array<{ text?: string }> } } }).chat;
    expect(chat.id).toBe('ABC1234567');
    expect(chat.users[0]!.name).toBe('Ann Lee');
    expect(chat.users[2]).toEqual({ id: 'bot' });
    expect(chat.thread.events[1]!.text).toBe('Hi!');
    expect(body.additional_data).toEqual({ chat_presence_user_ids: ['x@example.com'] });
    expect((body.payload as Record<string, unknown>)['odd key']).toEqual({ n: 1 });
    expect(body.new).toEqual({ list: [{ x: 1 }] });
  });

  it('refuses bad paths and unsafe keys with a message that says why', () => {
    expect(() => parseAssignment('no-equals')).toThrow(/should look like path=value/);
    expect(() => parseAssignment('=1')).toThrow(/should look like path=value/);
    expect(() => parseAssignment('a..b=1')).toThrow(/not valid at character 2/);
    expect(() => parseAssignment('__proto__.polluted=1')).toThrow(/reserved key "__proto__"/);
    expect(() => parseAssignment('a.constructor.prototype=1')).toThrow(/reserved key/);
    const body = { a: 'text', list: [1] };
    expect(() => setAtPath(body, 'a.b', 1)).toThrow('Cannot set a.b: a is not an object.');
    expect(() => setAtPath(body, 'list[5]', 1)).toThrow(/has 1 items, so index 5 would leave a gap/);
    expect(() => setAtPath(body, 'a[0]', 1)).toThrow(/a is not an array/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
