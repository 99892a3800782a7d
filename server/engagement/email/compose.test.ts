import { describe, expect, it } from 'vitest';
import { composeEmail, fillPlaceholders } from './compose.ts';
import { pickLocale } from './messages.ts';

const base = {
  locale: 'en' as const,
  recipient: { name: 'Ada Lovelace', email: 'ada@example.test' },
  workspaceName: 'Acme',
  unsubscribeUrl: 'https://baton.test/e/u',
};

describe('series e-mail composition', () => {
  it('fills in the person, tracks http links by index and adds pixel and unsubscribe footer', () => {
    const mail = composeEmail({
      ...base,
      content: { subject: 'Welcome, {{first_name}}!', body: 'Hi {{name}}, start [here](https://acme.test/start) or at https://acme.test/docs.\n\nWrite to [us](mailto:help@acme.test).' },
      tracking: { clickUrl: (i) => `https://baton.test/e/c/${i}`, openUrl: 'https://baton.test/e/o.gif' },
    });
    expect(mail.subject).toBe('Welcome, Ada!');
    expect(mail.links).toEqual(['https://acme.test/start', 'https://acme.test/docs']);
    expect(mail.html).toContain('href="https://baton.test/e/c/0"');
    expect(mail.html).toContain('href="https://baton.test/e/c/1"');
    expect(mail.html).toContain('href="mailto:help@acme.test"');
    expect(mail.html).not.toContain('https://acme.test/start');
    expect(mail.html).toContain('<img src="https://baton.test/e/o.gif"');
    expect(mail.html).toContain('href="https://baton.test/e/u"');
    expect(mail.text).toContain('Hi Ada Lovelace, start [here](https://acme.test/start)');
    expect(mail.text).toContain('Unsubscribe: https://baton.test/e/u');
  });

  it('sends plain links and no pixel when tracking is off', () => {
    const mail = composeEmail({ ...base, content: { subject: 's', body: '[docs](https://acme.test/docs)' }, tracking: null });
    expect(mail.links).toEqual([]);
    expect(mail.html).toContain('href="https://acme.test/docs"');
    expect(mail.html).not.toContain('<img');
  });

  it('never renders HTML or markup from the author or the person', () => {
    const mail = composeEmail({
      ...base,
      recipient: { name: '<img src=x onerror=alert(1)> [win](https://evil.test)', email: 'x@example.test' },
      content: { subject: 'Hi\r\nBcc: victim@example.test', body: '<script>alert(1)</script> {{name}} <a href="javascript:alert(1)">x</a>' },
      tracking: null,
    });
    expect(mail.html).not.toMatch(/<script|<img[^>]*onerror|<a href="javascript:|href="https:\/\/evil/i);
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt; [win](https://evil.test)');
    expect(mail.subject).toBe('Hi Bcc: victim@example.test');
  });

  it('leaves a missing name empty', () => {
    expect(fillPlaceholders('Hello {{first_name}}!', { name: null, email: 'a@b.test' })).toBe('Hello !');
  });

  it('picks the person’s language, then the default, then any written one', () => {
    expect(pickLocale(['en', 'ru'], 'ru-RU', 'en')).toBe('ru');
    expect(pickLocale(['en', 'zh-Hant', 'zh-Hans'], 'zh-TW', 'en')).toBe('zh-Hant');
    expect(pickLocale(['en', 'zh-Hans'], 'zh-CN', 'en')).toBe('zh-Hans');
    expect(pickLocale(['en', 'kk'], 'de', 'kk')).toBe('kk');
    expect(pickLocale(['ru'], null, 'en')).toBe('ru');
  });
});
