package gm101

import (
	"bytes"
	"sync"
)

type payload struct {
	data []byte
	n    int
}

// reset zeroes what a payload holds, so calling it counts as a reset.
func (p *payload) reset() {
	p.data = p.data[:0]
	p.n = 0
}

// clearAll is a reset under another name: its body resets the receiver.
func (p *payload) clearAll() {
	*p = payload{}
}

func (p *payload) fill(b []byte) {
	p.data = append(p.data, b...)
	p.n = len(b)
}

func (p *payload) size() int { return p.n }

var payloadPool = sync.Pool{New: func() any { return new(payload) }}

func resetInHelper(b []byte) {
	p := payloadPool.Get().(*payload)
	p.fill(b)
	p.clearAll()
	payloadPool.Put(p)
}

func readOnlyMethod(b []byte) int {
	p := payloadPool.Get().(*payload)
	n := p.size()
	payloadPool.Put(p)
	return n
}

func writingMethod(b []byte) {
	p := payloadPool.Get().(*payload)
	p.fill(b)
	payloadPool.Put(p) // want "GM101: p is put back into payloadPool"
}

// acquire is the only place that gets from scratchPool, and it resets what it hands out.
func acquire() *bytes.Buffer {
	b := scratchPool.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

var scratchPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func resetOnGetHelper(s string) string {
	b := acquire()
	b.WriteString(s)
	out := b.String()
	scratchPool.Put(b) // want "GM103: may have grown"
	return out
}

func getPlain() *bytes.Buffer { return bufPool.Get().(*bytes.Buffer) }

func plainHelper(s string) {
	b := getPlain()
	b.WriteString(s)
	bufPool.Put(b) // want "GM101: b is put back into bufPool" "GM103: may have grown"
}

// Pools wrapped in a generic type: the wrapper's Put takes a T, not a value it got.
type typedPool[T any] struct{ p sync.Pool }

func (tp *typedPool[T]) Get() T  { return tp.p.Get().(T) }
func (tp *typedPool[T]) Put(x T) { tp.p.Put(x) }

var typed typedPool[*bytes.Buffer]

func genericWrapper(s string) {
	b := typed.Get()
	b.WriteString(s)
	typed.Put(b)
}
