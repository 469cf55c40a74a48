import type { Language, MailKind } from '@wuzhen/shared';

/**
 * Every mail the platform sends, in English and Simplified Chinese, as plain text and HTML. Each
 * template gives a subject, paragraphs and at most one link; `renderMail` builds both parts, and
 * escapes every piece of text in the HTML (names and titles are typed by users).
 */
type MailParams = {
  judge_invitation: { competitionName: string; judgeName: string; url: string };
  judge_reminder: {
    competitionName: string;
    judgeName: string;
    roundName: string;
    left: number;
    url: string;
  };
  submission_receipt: { competitionName: string; teamName: string; entryTitle: string; url: string };
  withdrawal_notice: { competitionName: string; teamName: string; entryTitle: string };
  /** The organizers' reason, as they wrote it. */
  disqualification_notice: { competitionName: string; teamName: string; entryTitle: string; reason: string };
  advancement_notice: {
    competitionName: string;
    teamName: string;
    entryTitle: string;
    roundName: string;
    /** The next round's date in the competition's words, or null when not yet set. */
    when: string | null;
  };
  results_released: { competitionName: string; teamName: string; roundName: string; url: string };
  password_reset: { name: string; url: string };
  email_verification: { name: string; url: string };
  team_invitation: { competitionName: string; teamName: string; inviterName: string; url: string };
};
export type MailTemplateParams = MailParams;

type Body = { subject: string; paragraphs: string[]; action?: { label: string; url: string } };
type Templates = { [K in MailKind]: (p: MailParams[K]) => Body };

const en: Templates = {
  judge_invitation: (p) => ({
    subject: `You are invited to judge ${p.competitionName}`,
    paragraphs: [
      `Dear ${p.judgeName},`,
      `The organizers of ${p.competitionName} invite you to join its jury. Open the link below to accept: you choose a password (or give the one of your existing account) and see the entries assigned to you.`,
      'The link is personal: do not forward it.',
    ],
    action: { label: 'Accept the invitation', url: p.url },
  }),
  judge_reminder: (p) => ({
    subject: `${p.competitionName}: ${p.left} review${p.left === 1 ? '' : 's'} left in ${p.roundName}`,
    paragraphs: [
      `Dear ${p.judgeName},`,
      `A friendly reminder from the organizers of ${p.competitionName}: you have ${p.left} review${p.left === 1 ? '' : 's'} left to submit in ${p.roundName}.`,
    ],
    action: { label: 'Open your reviews', url: p.url },
  }),
  submission_receipt: (p) => ({
    subject: `${p.competitionName}: we received "${p.entryTitle}"`,
    paragraphs: [
      `Hello ${p.teamName},`,
      `Your entry "${p.entryTitle}" is submitted to ${p.competitionName}. You can still change it until the deadline.`,
    ],
    action: { label: 'See your entry', url: p.url },
  }),
  withdrawal_notice: (p) => ({
    subject: `${p.competitionName}: "${p.entryTitle}" was withdrawn`,
    paragraphs: [
      `Hello ${p.teamName},`,
      `Your entry "${p.entryTitle}" is withdrawn from ${p.competitionName}; it will not be judged. If this was not intended, write to the organizers.`,
    ],
  }),
  disqualification_notice: (p) => ({
    subject: `${p.competitionName}: "${p.entryTitle}" was disqualified`,
    paragraphs: [
      `Hello ${p.teamName},`,
      `The organizers of ${p.competitionName} disqualified your entry "${p.entryTitle}"; it will not be judged and cannot win an award.`,
      `Their reason: ${p.reason}`,
      'If you think this is a mistake, reply to the organizers: only they can reinstate the entry.',
    ],
  }),
  advancement_notice: (p) => ({
    subject: `${p.competitionName}: "${p.entryTitle}" goes on to ${p.roundName}`,
    paragraphs: [
      `Hello ${p.teamName},`,
      p.when
        ? `Congratulations: in ${p.competitionName}, your entry "${p.entryTitle}" goes on to ${p.roundName} on ${p.when}.`
        : `Congratulations: in ${p.competitionName}, your entry "${p.entryTitle}" goes on to ${p.roundName}. The organizers will tell you the date.`,
    ],
  }),
  results_released: (p) => ({
    subject: `${p.competitionName}: results and feedback of ${p.roundName} are out`,
    paragraphs: [
      `Hello ${p.teamName},`,
      `The results of ${p.roundName} in ${p.competitionName} are released, with the judges' feedback on your entry.`,
    ],
    action: { label: 'Read your results', url: p.url },
  }),
  password_reset: (p) => ({
    subject: 'Reset your Wuzhen Judge password',
    paragraphs: [
      `Hello ${p.name},`,
      'Someone (we hope you) asked to reset the password of your account. The link below works once, for one hour; using it signs you out everywhere.',
      'If you did not ask for it, ignore this mail: your password stays as it is.',
    ],
    action: { label: 'Choose a new password', url: p.url },
  }),
  email_verification: (p) => ({
    subject: 'Confirm your email address for Wuzhen Judge',
    paragraphs: [
      `Hello ${p.name},`,
      'Open the link below to confirm that this address is yours. Invitations sent to it (as a judge or a team member) then reach your account.',
    ],
    action: { label: 'Confirm my address', url: p.url },
  }),
  team_invitation: (p) => ({
    subject: `${p.inviterName} invites you to the team ${p.teamName} (${p.competitionName})`,
    paragraphs: [
      'Hello,',
      `${p.inviterName} invites you to join the team ${p.teamName} in ${p.competitionName}. As a member you edit the team's entries and read its results.`,
      'Open the link, then sign in, or register, with this email address: the invitation is accepted only by the account of the address it was sent to. The link works once, for 7 days.',
    ],
    action: { label: 'Join the team', url: p.url },
  }),
};

const zh: Templates = {
  judge_invitation: (p) => ({
    subject: `诚邀您担任 ${p.competitionName} 的评委`,
    paragraphs: [
      `${p.judgeName}，您好：`,
      `${p.competitionName} 的组织方诚邀您加入评审团。请打开下方链接接受邀请：设置密码（或输入您已有账户的密码）后即可查看分配给您的参赛项目。`,
      '此链接仅供您本人使用，请勿转发。',
    ],
    action: { label: '接受邀请', url: p.url },
  }),
  judge_reminder: (p) => ({
    subject: `${p.competitionName}：${p.roundName} 还有 ${p.left} 份评审待完成`,
    paragraphs: [
      `${p.judgeName}，您好：`,
      `${p.competitionName} 的组织方提醒您：${p.roundName} 中您还有 ${p.left} 份评审尚未提交。`,
    ],
    action: { label: '打开我的评审', url: p.url },
  }),
  submission_receipt: (p) => ({
    subject: `${p.competitionName}：已收到“${p.entryTitle}”`,
    paragraphs: [
      `${p.teamName}，您好：`,
      `您的参赛项目“${p.entryTitle}”已提交至 ${p.competitionName}。截止日期前您仍可修改。`,
    ],
    action: { label: '查看参赛项目', url: p.url },
  }),
  withdrawal_notice: (p) => ({
    subject: `${p.competitionName}：“${p.entryTitle}”已撤回`,
    paragraphs: [
      `${p.teamName}，您好：`,
      `您的参赛项目“${p.entryTitle}”已从 ${p.competitionName} 撤回，将不会参与评审。如非本意，请联系组织方。`,
    ],
  }),
  disqualification_notice: (p) => ({
    subject: `${p.competitionName}：“${p.entryTitle}”已被取消资格`,
    paragraphs: [
      `${p.teamName}，您好：`,
      `${p.competitionName} 的组织方取消了您的参赛项目“${p.entryTitle}”的资格；该项目将不会参与评审，也不能获奖。`,
      `组织方给出的理由：${p.reason}`,
      '如您认为有误，请联系组织方：只有组织方可以恢复该项目。',
    ],
  }),
  advancement_notice: (p) => ({
    subject: `${p.competitionName}：“${p.entryTitle}”晋级${p.roundName}`,
    paragraphs: [
      `${p.teamName}，您好：`,
      p.when
        ? `恭喜！您在 ${p.competitionName} 的参赛项目“${p.entryTitle}”晋级${p.roundName}，时间为 ${p.when}。`
        : `恭喜！您在 ${p.competitionName} 的参赛项目“${p.entryTitle}”晋级${p.roundName}。具体时间将由组织方另行通知。`,
    ],
  }),
  results_released: (p) => ({
    subject: `${p.competitionName}：${p.roundName} 的结果与评语已发布`,
    paragraphs: [
      `${p.teamName}，您好：`,
      `${p.competitionName} ${p.roundName} 的结果已发布，评委对您项目的评语也可查看。`,
    ],
    action: { label: '查看结果', url: p.url },
  }),
  password_reset: (p) => ({
    subject: '重置您的 Wuzhen Judge 密码',
    paragraphs: [
      `${p.name}，您好：`,
      '有人（希望是您本人）申请重置您账户的密码。下方链接仅可使用一次，一小时内有效；使用后您在所有设备上的登录都将退出。',
      '如果不是您本人申请，请忽略此邮件，您的密码不会改变。',
    ],
    action: { label: '设置新密码', url: p.url },
  }),
  email_verification: (p) => ({
    subject: '确认您在 Wuzhen Judge 的邮箱地址',
    paragraphs: [
      `${p.name}，您好：`,
      '请打开下方链接，确认此邮箱地址属于您。确认后，发送到此地址的邀请（评委或团队成员）将关联到您的账户。',
    ],
    action: { label: '确认我的邮箱', url: p.url },
  }),
  team_invitation: (p) => ({
    subject: `${p.inviterName} 邀请您加入团队 ${p.teamName}（${p.competitionName}）`,
    paragraphs: [
      '您好：',
      `${p.inviterName} 邀请您加入 ${p.competitionName} 的团队 ${p.teamName}。成为成员后，您可以编辑团队的参赛项目并查看结果。`,
      '请打开链接，并使用本邮箱地址登录或注册：邀请只能由收件地址对应的账户接受。链接仅可使用一次，7 天内有效。',
    ],
    action: { label: '加入团队', url: p.url },
  }),
};

const footer: Record<Language, string> = {
  en: 'Sent by Wuzhen Judge on behalf of the organizers.',
  zh: '本邮件由 Wuzhen Judge 代组织方发送。',
};

export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

export type RenderedMail = { subject: string; text: string; html: string };

export function renderMail<K extends MailKind>(
  kind: K,
  language: Language,
  params: MailParams[K],
): RenderedMail {
  const body = (language === 'zh' ? zh : en)[kind](params);
  // A subject is one line: a name typed with a line break must not add headers.
  const subject = body.subject.replace(/[\r\n]+/g, ' ').slice(0, 250);
  const text = [
    ...body.paragraphs,
    ...(body.action ? [`${body.action.label}: ${body.action.url}`] : []),
    '--',
    footer[language],
  ].join('\n\n');
  const html = [
    `<!doctype html><html lang="${language === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1b1e;max-width:560px">',
    ...body.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    ...(body.action
      ? [
          `<p><a href="${escapeHtml(body.action.url)}" style="display:inline-block;padding:10px 16px;background:#1c7ed6;color:#fff;border-radius:4px;text-decoration:none">${escapeHtml(body.action.label)}</a></p>`,
          `<p style="font-size:12px;color:#666">${escapeHtml(body.action.url)}</p>`,
        ]
      : []),
    `<p style="font-size:12px;color:#666">${escapeHtml(footer[language])}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
