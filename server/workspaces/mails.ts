import type { OutgoingMail } from '../platform/mail/service.ts';

/** The texts of the sign-in mails. Links carry the only copy of their token; the database keeps a hash. */

export function passwordResetMail(to: string, link: string): OutgoingMail {
  return {
    workspaceId: null,
    to,
    subject: 'Reset your Baton password',
    text: [
      'Someone (hopefully you) asked to reset the password of your Baton account.',
      '',
      `Choose a new password here: ${link}`,
      '',
      'The link works once and for one hour. If you did not ask for it, ignore this mail: your password stays as it is.',
    ].join('\n'),
  };
}

export function inviteMail(input: {
  workspaceId: string;
  to: string;
  workspaceName: string;
  inviterName: string;
  role: string;
  link: string;
}): OutgoingMail {
  return {
    workspaceId: input.workspaceId,
    to: input.to,
    subject: `${input.inviterName} invited you to ${input.workspaceName} on Baton`,
    text: [
      `${input.inviterName} invited you to join the workspace "${input.workspaceName}" on Baton as ${input.role}.`,
      '',
      `Accept the invitation: ${input.link}`,
      '',
      'The invitation expires in 7 days.',
    ].join('\n'),
  };
}
