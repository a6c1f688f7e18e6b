import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../app/errorText';

export interface Action<TInput> {
  /** Runs the request (a refusal shown before clears). */
  run: (input: TInput) => void;
  busy: boolean;
  /** What to show under the form: the client's own refusal or the server's, in the reader's language. */
  error: string;
  /** Refuses before asking the server (a field the form checks itself). */
  refuse: (message: string) => void;
}

/**
 * A form's submit: busy while the request runs, the refusal worded by errorText, one place for what every
 * dialog and card hand-rolled with three useStates. Built on TanStack Query's mutation.
 */
export function useAction<TInput, TResult>(request: (input: TInput) => Promise<TResult>, onDone?: (result: TResult, input: TInput) => void): Action<TInput> {
  const { t } = useTranslation();
  const [refusal, setRefusal] = useState('');
  const mutation = useMutation({ mutationFn: request, onSuccess: onDone });
  return {
    run: (input) => {
      setRefusal('');
      mutation.mutate(input);
    },
    busy: mutation.isPending,
    error: refusal || (mutation.error ? errorText(mutation.error, t) : ''),
    refuse: (message) => {
      mutation.reset();
      setRefusal(message);
    },
  };
}
