import { describe, expect, test } from 'vitest';
import { type MailTemplateParams, renderMail } from './mail.templates.ts';

// A competition and names with markup in them: the HTML part must show them, never run them.
const competitionName = 'Wuzhen <b>Cup</b> & "Friends"';
const url = 'https://judge.example.org/x?a=1&b=2';
const cases: { [K in keyof MailTemplateParams]: MailTemplateParams[K] } = {
  judge_invitation: { competitionName, judgeName: 'Zhao <Min>', url },
  judge_reminder: { competitionName, judgeName: 'Zhao <Min>', roundName: 'Screening', left: 3, url },
  submission_receipt: { competitionName, teamName: 'Team <img src=x>', entryTitle: 'Edge LLM', url },
  withdrawal_notice: { competitionName, teamName: 'Team <img src=x>', entryTitle: 'Edge LLM' },
  disqualification_notice: {
    competitionName,
    teamName: 'Team <img src=x>',
    entryTitle: 'Edge LLM',
    reason: "The deck is <b>another</b> team's",
  },
  advancement_notice: {
    competitionName,
    teamName: 'Team <img src=x>',
    entryTitle: 'Edge LLM',
    roundName: 'Final',
    when: '2026-11-20',
  },
  results_released: { competitionName, teamName: 'Team <img src=x>', roundName: 'Screening', url },
  password_reset: { name: 'Zhao <Min>', url },
  email_verification: { name: 'Zhao <Min>', url },
  team_invitation: { competitionName, teamName: 'Team <img src=x>', inviterName: 'Li Lei', url },
};
const namesCompetition = (kind: string) => !['password_reset', 'email_verification'].includes(kind);

describe.each(['en', 'zh'] as const)('mails in %s', (language) => {
  test.each(Object.keys(cases) as Array<keyof MailTemplateParams>)('%s', (kind) => {
    const mail = renderMail(kind, language, cases[kind] as never);
    if (namesCompetition(kind)) {
      expect(mail.subject).toContain(competitionName);
      expect(mail.text).toContain(competitionName);
      expect(mail.html).toContain('Wuzhen &lt;b&gt;Cup&lt;/b&gt; &amp; &quot;Friends&quot;');
    }
    // No user text reaches the HTML as markup.
    expect(mail.html).not.toMatch(/<(b|img|Min)\b/);
    if ('url' in cases[kind]) {
      expect(mail.text).toContain(url);
      expect(mail.html).toContain('href="https://judge.example.org/x?a=1&amp;b=2"');
    }
    // Written in the reader's language: Chinese mails contain Han characters, English ones none.
    expect(/\p{Script=Han}/u.test(mail.text)).toBe(language === 'zh');
    expect(mail.html).toContain(`lang="${language === 'zh' ? 'zh-CN' : 'en'}"`);
  });
});

test('the disqualification notice gives the organizers’ reason, escaped in HTML', () => {
  for (const language of ['en', 'zh'] as const) {
    const mail = renderMail('disqualification_notice', language, cases.disqualification_notice);
    expect(mail.text).toContain("The deck is <b>another</b> team's");
    expect(mail.html).toContain('The deck is &lt;b&gt;another&lt;/b&gt; team');
  }
});

test('the advancement notice gives the date when there is one', () => {
  expect(renderMail('advancement_notice', 'en', cases.advancement_notice).text).toContain(
    'goes on to Final on 2026-11-20.',
  );
  expect(renderMail('advancement_notice', 'en', { ...cases.advancement_notice, when: null }).text).toContain(
    'will tell you the date',
  );
});

test('a line break in a name cannot add a header to the subject', () => {
  const mail = renderMail('judge_invitation', 'en', {
    ...cases.judge_invitation,
    competitionName: 'A\r\nBcc: x@y.z',
  });
  expect(mail.subject).not.toMatch(/[\r\n]/);
});
