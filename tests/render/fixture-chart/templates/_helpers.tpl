{{/* Names: <release>-<chart>, or fullnameOverride. */}}
{{- define "fixture.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (default .Chart.Name .Values.nameOverride) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "fixture.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Does the render adapt security contexts for OpenShift (drop fixed user and group ids)? */}}
{{- define "fixture.openshift" -}}
{{- $mode := .Values.global.compatibility.openshift.adaptSecurityContext -}}
{{- if or (eq $mode "force") (and (eq $mode "auto") (.Capabilities.APIVersions.Has "security.openshift.io/v1")) -}}
true
{{- end -}}
{{- end -}}

{{/* A security context from values: "enabled" is a switch, not a field. Args: dict "context" <map> "root" $ */}}
{{- define "fixture.securityContext" -}}
{{- $fields := omit .context "enabled" -}}
{{- if include "fixture.openshift" .root -}}
{{- $fields = omit $fields "runAsUser" "runAsGroup" "fsGroup" -}}
{{- end -}}
{{- toYaml $fields -}}
{{- end -}}

{{/* Resources from a preset name; an unknown name stops the render. */}}
{{- define "fixture.preset" -}}
{{- $presets := dict "nano" "100m" "micro" "250m" "small" "500m" "medium" "1" "large" "2" -}}
{{- if not (hasKey $presets .) -}}
{{- fail (printf "ERROR: Preset key '%s' invalid. Allowed values are %s" . (keys $presets | sortAlpha | join ",")) -}}
{{- end -}}
requests:
  cpu: {{ get $presets . | quote }}
  memory: 512Mi
limits:
  cpu: {{ get $presets . | quote }}
  memory: 1Gi
{{- end -}}

{{/* Render a value as YAML through tpl. Reads .value: callers that pass "values" get "null" (the bug DS951 tests rely on). */}}
{{- define "fixture.tplvalues" -}}
{{- if typeIs "string" .value -}}
{{- tpl .value .context -}}
{{- else -}}
{{- tpl (.value | toYaml) .context -}}
{{- end -}}
{{- end -}}
