import { useEffect, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { usePlatform } from "../../../platform";

/** The default reviewer name (the profile's, else the OS user); `""` until known or if unknown. */
export function useDefaultReviewer(): string {
  const p = usePlatform();
  const q = useQuery({ queryKey: ["defaultReviewer"], queryFn: () => p.defaultReviewer(), staleTime: Infinity, retry: false });
  return q.data ?? "";
}

/** A reviewer-name field: filled once with the default, then the officer's own. */
export function useReviewerField(): [string, (v: string) => void] {
  const fallback = useDefaultReviewer();
  const [value, setValue] = useState("");
  const filled = useRef(false);
  useEffect(() => {
    if (!filled.current && fallback) {
      filled.current = true;
      setValue((v) => v || fallback);
    }
  }, [fallback]);
  const set = (v: string) => {
    filled.current = true;
    setValue(v);
  };
  return [value, set];
}
