/**
 * Audit actions and field names in words ("item.update" + "due_date" →
 * "Item changed · Due date"). Unknown ones are shown as they are, so a new
 * kind of event is never hidden.
 */
import { capitalise } from './format.js';

const ACTIONS: Record<string, string> = {
  'assessment.create': 'Assessment created',
  'item.create': 'Item created',
  'item.update': 'Item changed',
  'action.create': 'Action added',
  'action.update': 'Action changed',
  'evidence.propose': 'Evidence proposed',
  'evidence.attach': 'Evidence attached',
  'evidence.decide': 'Evidence decided',
  'evidence.accept': 'Evidence accepted',
  'evidence.reject': 'Evidence rejected',
  'comment.add': 'Comment',
  'document.upload': 'Document uploaded',
  'document.scan': 'Document scanned',
  'document.folder-register': 'Folder registered',
  'scan.import': 'Scan imported',
  'signature.sign': 'Signed',
  'session.login': 'Signed in',
  'session.logout': 'Signed out',
  'setup.admin-created': 'Administrator created at setup',
  'user.create': 'User created',
  'user.update': 'User changed',
  'user.password-change': 'Password changed',
  'user.password-reset': 'Password reset',
};

/** "item.update" → "Item changed". */
export function actionLabel(action: string): string {
  return ACTIONS[action] ?? action;
}

/** "due_date" → "Due date". */
export function fieldLabel(field: string): string {
  return capitalise(field.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());
}
