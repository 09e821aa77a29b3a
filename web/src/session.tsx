import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext } from 'react';
import { ApiError, getJson, type Me, postJson } from './api.ts';

interface Session {
  me: Me | null;
  loading: boolean;
  can(permission: string): boolean;
  refresh(): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const me = useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await getJson<Me>('/api/auth/me');
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
  });
  const session: Session = {
    me: me.data ?? null,
    loading: me.isPending,
    can: (permission) => Boolean(me.data?.permissions.includes(permission)),
    refresh: async () => {
      await client.invalidateQueries();
    },
    logout: async () => {
      await postJson('/api/auth/logout').catch(() => undefined);
      client.clear();
      await me.refetch();
    },
  };
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
