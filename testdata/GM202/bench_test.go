package gm202

import (
	"fmt"
	"net/http"
	"testing"
)

func BenchmarkFormat(b *testing.B) {
	data := []byte("payload")
	fmt.Sprintf("%s", data) // setup: once
	for i := 0; i < b.N; i++ {
		_ = fmt.Sprintf("%s", data) // want "GM202: data \(\[\]byte\) is boxed for fmt.Sprintf: .* in the b.N loop of BenchmarkFormat"
	}
}

func BenchmarkLoop(b *testing.B) {
	data := []byte("payload")
	for b.Loop() {
		_ = fmt.Sprint(data) // want "GM202: in the b.N loop of BenchmarkLoop"
	}
}

func BenchmarkRange(b *testing.B) {
	data := []byte("payload")
	for _, n := range []int{1, 2} {
		fmt.Sprint(data, n) // a setup loop, not the b.N loop
	}
	for range b.N {
		_ = fmt.Sprint(data) // want "GM202: in the b.N loop of BenchmarkRange"
	}
}

func BenchmarkParallel(b *testing.B) {
	data := []byte("payload")
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			_ = fmt.Sprint(data) // want "GM202: in the b.N loop of BenchmarkParallel"
		}
	})
}

func TestFormat(t *testing.T) {
	for _, tc := range [][]byte{[]byte("a")} {
		_ = fmt.Sprintf("%s", tc) // tests run once: not hot
	}
	h := func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s", []byte("a")) // a handler in a test file: not hot
	}
	_ = h
}
