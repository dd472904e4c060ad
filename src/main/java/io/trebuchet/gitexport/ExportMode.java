package io.trebuchet.gitexport;

/** What the manifest repository tells the cluster to apply: Argo CD applications, or Flux Kustomizations. */
public enum ExportMode {
    ARGOCD,
    FLUX
}
