import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../lib/api-client.ts';
import { InlineError } from '../../components/error-message.tsx';

/** `/organizations/new`: `POST /api/organizations {name, fullname}`. */
export function NewOrganizationPage() {
  const [name, setName] = useState('');
  const [fullname, setFullname] = useState('');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: () => apiFetch('/api/organizations', { method: 'POST', json: { name, fullname } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      navigate(`/${name}`);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <main className="page" id="main">
      <h1>Create an organization</h1>
      <form className="stack" onSubmit={submit}>
        <label>
          Short name (used in repository ids)
          <input value={name} onChange={(event) => setName(event.target.value)} required pattern="[A-Za-z0-9._\-]+" />
        </label>
        <label>
          Full name
          <input value={fullname} onChange={(event) => setFullname(event.target.value)} />
        </label>
        <InlineError error={create.error} />
        <div>
          <button type="submit" disabled={create.isPending}>
            Create organization
          </button>
        </div>
      </form>
    </main>
  );
}
