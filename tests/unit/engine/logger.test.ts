import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../electron/engine/logger';

describe('the engine logger', () => {
  it('redacts tokens, authorization headers and LiveChat secrets wherever the engine puts them', () => {
    const lines: string[] = [];
    const logger = createLogger({ sink: { write: (l) => void lines.push(l) } });
    logger.child({ module: 'x' }).info(
      {
        token: 'tok-1',
        headers: { authorization: 'Bearer tok-2', cookie: 'c=tok-3', 'content-type': 'application/json' },
        request: { headers: { authorization: 'Basic tok-4' }, secret_key: 'tok-5' },
        tokens: { accessToken: 'tok-6', refresh_token: 'tok-7' },
        webhook: { body: '{"secret_key":"tok-8"}' },
      },
      'something happened',
    );
    const text = lines.join('');
    for (let i = 1; i <= 8; i++) expect(text).not.toContain(`tok-${i}`);
    expect(text).toContain('[redacted]');
    expect(text).toContain('application/json');
    expect(text).toContain('something happened');
  });
});
