export const PERMISSION_VIEW = 'service-requests.view';
export const PERMISSION_DECIDE = 'service-requests.decide';
