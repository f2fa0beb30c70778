import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { apiFetch } from '../../lib/api-client.ts';
import { InlineError } from '../../components/error-message.tsx';
import { RequireUser } from './require-user.tsx';

/** `/settings/password`: `PUT /api/settings/password {currentPassword, newPassword}`. */
export function PasswordPage() {
  return <RequireUser title="Password">{() => <PasswordForm />}</RequireUser>;
}

function PasswordForm() {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: () => apiFetch('/api/settings/password', { method: 'PUT', json: { currentPassword, newPassword } }),
    onSuccess: () => {
      setCurrent('');
      setNew('');
      setRepeat('');
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setMismatch(newPassword !== repeat);
    if (newPassword === repeat) {
      change.mutate();
    }
  }
  return (
    <form className="stack page-narrow" onSubmit={submit}>
      <label>
        Current password
        <input type="password" value={currentPassword} onChange={(event) => setCurrent(event.target.value)} autoComplete="current-password" required />
      </label>
      <label>
        New password
        <input type="password" value={newPassword} onChange={(event) => setNew(event.target.value)} autoComplete="new-password" required />
      </label>
      <label>
        Repeat the new password
        <input type="password" value={repeat} onChange={(event) => setRepeat(event.target.value)} autoComplete="new-password" required />
      </label>
      {mismatch && (
        <p role="alert" className="form-error">
          The new passwords do not match.
        </p>
      )}
      <InlineError error={change.error} />
      {change.isSuccess && <p role="status">Your password was changed.</p>}
      <div>
        <button type="submit" disabled={change.isPending}>
          Change password
        </button>
      </div>
    </form>
  );
}
