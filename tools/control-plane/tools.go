//go:build tools

// Package tools pins the Kubernetes sources the test control plane is built from:
// `go build k8s.io/kubernetes/cmd/kube-apiserver` in this module builds kube-apiserver v1.34.
package tools

import _ "k8s.io/kubernetes/cmd/kube-apiserver/app"
