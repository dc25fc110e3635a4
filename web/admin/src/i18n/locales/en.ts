import type { MessageSchema } from '../index'

// English. Typed against zh-CN so a missing key fails the type check.
const en: MessageSchema = {
  app: {
    name: 'OpenCEM',
    tagline: 'Customer experience management',
  },
  locale: {
    label: 'Display language',
    'zh-CN': '中文',
    en: 'English',
  },
  nav: {
    label: 'Main navigation',
    home: 'Home',
    surveys: 'Surveys',
    distribution: 'Distribution',
    responses: 'Responses',
    dashboards: 'Dashboards',
    tickets: 'Tickets',
    journeys: 'Journeys',
    settings: 'Settings',
  },
  login: {
    title: 'Sign in',
    subtitle: 'Sign in to manage your customer experience programs',
    username: 'Username',
    usernamePlaceholder: 'Enter your username',
    password: 'Password',
    passwordPlaceholder: 'Enter your password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    mfaTitle: 'Two-step verification',
    mfaHint: 'Enter the 6-digit code from your authenticator app, or an unused recovery code.',
    mfaCode: 'Verification code',
    mfaCodePlaceholder: '6-digit code or recovery code',
    mfaSubmit: 'Verify',
    back: 'Back to sign in',
  },
  user: {
    menu: 'Account menu',
    signOut: 'Sign out',
  },
  home: {
    welcome: 'Welcome, {name}',
    intro: 'Your customer experience metrics will come together here. Start by designing a survey.',
    npsTitle: 'Net Promoter Score (NPS)',
    npsEmpty: 'No data yet',
    npsHint: 'Metrics appear here in real time once responses arrive.',
    trendTitle: 'Responses in the last 7 days',
    trendSeries: 'Responses',
    sample: 'Sample data',
  },
  comingSoon: {
    title: '{area} is coming soon',
    description: 'We are building this area. Stay tuned.',
    backHome: 'Back to home',
  },
  notFound: {
    title: 'Page not found',
    description: 'The address you opened does not exist or has moved.',
    backHome: 'Back to home',
  },
  validation: {
    required: 'This field is required',
  },
  errors: {
    network_error: 'Cannot reach the server. Check your connection and try again.',
    bad_response: 'The server sent a response we could not read. Please try again later.',
    invalid_credentials: 'Incorrect username or password.',
    unauthenticated: 'Your session has ended. Please sign in again.',
    validation_failed: 'Please check the highlighted fields.',
    forbidden: 'You do not have permission to do this.',
    csrf_failed: 'This page has expired. Reload it and try again.',
    rate_limited: 'Too many attempts. Please wait a moment and try again.',
    account_locked: 'Too many failed sign-ins: the account is locked for a while. Try again later or ask an administrator.',
    mfa_code_invalid: 'The code is wrong, expired or already used.',
    mfa_challenge_invalid: 'The verification step has expired. Please sign in again.',
    withRequestId: '{message} (request ID: {requestId})',
    unexpected: 'Something went wrong. Please try again.',
  },
}

export default en
