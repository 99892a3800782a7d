import { describe, expect, it } from 'vitest';
import { stripQuotedReply } from './quote.ts';

describe('stripQuotedReply', () => {
  it('cuts Gmail\'s "On … wrote:" and the quote under it, even when the line wraps', () => {
    expect(stripQuotedReply('Thanks, that worked!\n\nOn Tue, 1 Dec 2026 at 10:00, Baton Support <reply@x.test> wrote:\n> Try again')).toBe('Thanks, that worked!');
    expect(stripQuotedReply('Yes.\r\n\r\nOn Tue, 1 Dec 2026 at 10:00, Baton Support\r\n<reply@x.test> wrote:\r\n> Try again')).toBe('Yes.');
  });
  it('cuts an Outlook header block and its rule', () => {
    expect(stripQuotedReply('Still broken.\n\n________________________________\nFrom: Support <s@x.test>\nSent: Monday')).toBe('Still broken.');
    expect(stripQuotedReply('Ok\n-----Original Message-----\nFrom: a')).toBe('Ok');
  });
  it('knows the quote lines of the other Messenger languages', () => {
    expect(stripQuotedReply('Спасибо!\n\n1 дек. 2026 г., в 10:00, Поддержка <s@x.test> пишет:\n> текст')).toBe('Спасибо!');
    expect(stripQuotedReply('谢谢\n\n2026年12月1日 10:00，支持 <s@x.test> 写道：\n> 内容')).toBe('谢谢');
    expect(stripQuotedReply('Рақмет\n\nКімнен: Қолдау <s@x.test>\n> мәтін')).toBe('Рақмет');
  });
  it('drops a trailing run of > lines and a signature, but keeps inline quotes answered below', () => {
    expect(stripQuotedReply('Sure\n\n> old\n> older')).toBe('Sure');
    expect(stripQuotedReply('> is it fixed?\nYes, it is.')).toBe('> is it fixed?\nYes, it is.');
    expect(stripQuotedReply('Thanks\n-- \nAnna, ACME')).toBe('Thanks');
  });
  it('keeps a message that is nothing but a quote rather than losing it', () => {
    expect(stripQuotedReply('> only a quote')).toBe('> only a quote');
  });
});
