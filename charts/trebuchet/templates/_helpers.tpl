{{/* The release's name for objects, at most 63 characters. */}}
{{- define "trebuchet.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "trebuchet.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "trebuchet.selectorLabels" -}}
app.kubernetes.io/name: {{ include "trebuchet.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "trebuchet.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "trebuchet.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "trebuchet.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "trebuchet.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The image, pinned: its tag defaults to the chart's appVersion; a digest wins over the tag. */}}
{{- define "trebuchet.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* Whether the embedded store is used: no PostgreSQL URL. */}}
{{- define "trebuchet.embedded" -}}
{{- if not .Values.postgresql.url -}}true{{- end -}}
{{- end -}}

{{/* Refuses values that cannot work, with a message that says what to set. */}}
{{- define "trebuchet.validate" -}}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.postgresql.url) -}}
{{- fail (printf "replicaCount is %d but the embedded store serves one replica only: set postgresql.url (and postgresql.existingSecret) to run several replicas on PostgreSQL, or set replicaCount to 1" (int .Values.replicaCount)) -}}
{{- end -}}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.git.repository) -}}
{{- fail "replicaCount is more than 1 but git.repository is empty: replicas must export to one shared manifest repository, not each to a bare repository on its own volume" -}}
{{- end -}}
{{- if and .Values.postgresql.url (not (hasPrefix "jdbc:postgresql:" .Values.postgresql.url)) -}}
{{- fail (printf "postgresql.url must be a JDBC URL starting with jdbc:postgresql:, got %s" .Values.postgresql.url) -}}
{{- end -}}
{{- if and .Values.postgresql.url (not .Values.postgresql.existingSecret) -}}
{{- fail "postgresql.url is set but postgresql.existingSecret is empty: create a Secret with the database password (key postgresql.passwordKey) and name it there" -}}
{{- end -}}
{{- if not (has .Values.git.exportMode (list "argocd" "flux")) -}}
{{- fail (printf "git.exportMode must be argocd or flux, got %s" .Values.git.exportMode) -}}
{{- end -}}
{{- if not (has .Values.logFormat (list "text" "json")) -}}
{{- fail (printf "logFormat must be text or json, got %s" .Values.logFormat) -}}
{{- end -}}
{{- end -}}

{{/*
The manifest repository as Trebuchet serves it read only inside the cluster, when it keeps the repository itself.
*/}}
{{- define "trebuchet.servedRepoUrl" -}}
http://{{ include "trebuchet.fullname" . }}.{{ .Release.Namespace }}.svc{{ if ne (int .Values.service.port) 80 }}:{{ .Values.service.port }}{{ end }}/git/manifests.git
{{- end }}
