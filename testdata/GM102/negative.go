package gm102

import (
	"bytes"
	"net/http"
	"sync"
	"unsafe"
)

var bufPool = sync.Pool{
	New: func() any {
		return new(bytes.Buffer)
	},
}

var slicePtrPool = sync.Pool{
	New: func() any {
		b := make([]byte, 0, 1024)
		return &b
	},
}

var anyPool sync.Pool

type node struct{ next *node }

type onePointer struct{ p *node }

type empty struct{}

type handler func()

func putPointer(b *bytes.Buffer) {
	bufPool.Put(b)
}

func putSlicePointer(b *[]byte) {
	*b = (*b)[:0]
	slicePtrPool.Put(b)
}

func putAddress(b []byte) {
	slicePtrPool.Put(&b)
}

func putMap(m map[string]int) {
	anyPool.Put(m)
}

func putChan(c chan int) {
	anyPool.Put(c)
}

func putFunc(f handler) {
	anyPool.Put(f)
}

func putInterface(v any) {
	anyPool.Put(v)
}

func putErr(err error) {
	anyPool.Put(err)
}

func putUnsafe(p unsafe.Pointer) {
	anyPool.Put(p)
}

func putOnePointerStruct(v onePointer) {
	anyPool.Put(v)
}

func putEmptyStruct() {
	anyPool.Put(empty{})
}

func putNil() {
	anyPool.Put(nil)
}

func putBack() {
	v := anyPool.Get()
	anyPool.Put(v)
}

func putConstant() {
	anyPool.Put("constant strings are static data")
	anyPool.Put(42)
}

func putBool(ok bool) {
	anyPool.Put(ok)
}

func putGeneric[T any](p *sync.Pool, v T) {
	p.Put(v)
}

type notAPool struct{}

func (notAPool) Put(x any) {}

func notSync(b []byte) {
	var p notAPool
	p.Put(b)
}

func unknownType() {
	anyPool.Put(http.DefaultClient)
}

var newReturnsPointer = sync.Pool{New: func() any { return &node{} }}

type typed[T any] struct{ p sync.Pool }

func (t *typed[T]) Put(x T) { t.p.Put(x) }

// The fasthttp way: New returns a []byte, but the any from Get is what goes back, so the
// slice is boxed once per object and never again.
var scratchPool = sync.Pool{
	New: func() any {
		return make([]byte, 4096)
	},
}

func copyWithScratch(dst, src []byte) int {
	v := scratchPool.Get()
	buf := v.([]byte)
	n := copy(buf, src)
	copy(dst, buf[:n])
	scratchPool.Put(v)
	return n
}
