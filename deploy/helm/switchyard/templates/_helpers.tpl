{{- define "switchyard.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "switchyard.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "switchyard.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "switchyard.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Where the pods find mounted files: the config, and the secrets the config names by path. */}}
{{- define "switchyard.paths" -}}
{"config": "/etc/switchyard/config/switchyard.yaml", "kafkaCa": "/etc/switchyard/kafka-tls/ca.crt", "kafkaPassword": "/etc/switchyard/kafka-sasl/password", "redisCa": "/etc/switchyard/redis-tls/ca.crt"}
{{- end -}}

{{/*
The config file the services read: .Values.config with Kafka and Redis connection filled in from
.Values.kafka and .Values.redis. Its schema is the services' own (libs/config), so what the chart
renders is what they validate at start-up (tested: deploy/helm/switchyard/tests).
*/}}
{{- define "switchyard.config" -}}
{{- $paths := include "switchyard.paths" . | fromJson -}}
{{- $config := deepCopy .Values.config -}}
{{- $kafka := merge (dict "brokers" .Values.kafka.brokers) (default dict $config.kafka) -}}
{{- if .Values.kafka.tls.enabled -}}
{{- $_ := set $kafka "tls" (ternary (dict "caFile" $paths.kafkaCa) dict (ne .Values.kafka.tls.caSecret "")) -}}
{{- end -}}
{{- if .Values.kafka.sasl.enabled -}}
{{- $_ := set $kafka "sasl" (dict "mechanism" .Values.kafka.sasl.mechanism "username" .Values.kafka.sasl.username "passwordFile" $paths.kafkaPassword) -}}
{{- end -}}
{{- $_ := set $config "kafka" $kafka -}}
{{- $_ := set $config "redis" (merge (dict "url" .Values.redis.url) (default dict $config.redis)) -}}
{{- toYaml $config -}}
{{- end -}}

{{/*
Every Deployment of the release as a list (JSON): name, the service it runs, its ports, replicas,
resources, extra env, and autoscaling for workers. Workers: one per pool of config.pools.
*/}}
{{- define "switchyard.components" -}}
{{- $ports := .Values.config.ports -}}
{{- $list := list -}}
{{- $list = append $list (dict "name" "classifier" "service" "classifier" "httpPort" $ports.classifierHttp "ports" (dict) "replicas" .Values.classifier.replicas "resources" .Values.classifier.resources "secretEnv" false) -}}
{{- $routerPorts := dict "grpc" $ports.routerGrpc -}}
{{- if (dig "openaiApi" "enabled" true .Values.config) -}}
{{- $_ := set $routerPorts "openai" (dig "openaiApi" "port" 8080 .Values.config) -}}
{{- end -}}
{{- $list = append $list (dict "name" "router" "service" "router" "httpPort" $ports.routerHttp "ports" $routerPorts "replicas" .Values.router.replicas "resources" .Values.router.resources "secretEnv" true "frontDoor" true) -}}
{{- $list = append $list (dict "name" "scorer" "service" "scorer" "httpPort" $ports.scorerHttp "ports" (dict "grpc" $ports.scorerGrpc) "replicas" .Values.scorer.replicas "resources" .Values.scorer.resources "secretEnv" true "frontDoor" true) -}}
{{- if .Values.config.pipelines -}}
{{- $list = append $list (dict "name" "pipeline-advancer" "service" "pipeline-advancer" "httpPort" $ports.pipelineAdvancerHttp "ports" (dict) "replicas" .Values.pipelineAdvancer.replicas "resources" .Values.pipelineAdvancer.resources "secretEnv" false) -}}
{{- end -}}
{{- range .Values.config.pools -}}
{{- $own := default dict (get $.Values.workers.pools .id) -}}
{{- $autoscaling := merge (deepCopy (default dict $own.autoscaling)) $.Values.workers.autoscaling -}}
{{- $list = append $list (dict "name" (printf "worker-%s" .id) "service" "model-worker" "pool" .id "httpPort" $ports.workerHttp "ports" (dict "grpc" $ports.workerGrpc) "replicas" (default $.Values.workers.replicas $own.replicas) "resources" (default $.Values.workers.resources $own.resources) "secretEnv" true "autoscaling" $autoscaling) -}}
{{- end -}}
{{- toJson $list -}}
{{- end -}}
