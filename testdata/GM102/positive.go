package gm102

import (
	"encoding/json"
	"sync"
	"time"
)

var bytesPool = sync.Pool{
	New: func() any {
		return make([]byte, 0, 1024) // want "GM102: the New func of bytesPool returns a \[\]byte"
	},
}

var strPool sync.Pool

type point struct{ x, y int }

type raw []byte

type window [16]int

func putSlice(b []byte) {
	bytesPool.Put(b[:0]) // want "GM102: bytesPool.Put\(b\[:0\]\) boxes a \[\]byte.*store a \*\[\]byte instead"
}

func putSliceVar(b []byte) {
	bytesPool.Put(b) // want "GM102: boxes a \[\]byte"
}

func putAsserted() {
	b := bytesPool.Get().([]byte)
	b = append(b, 'x')
	bytesPool.Put(b) // want "GM102: boxes a \[\]byte"
}

func putString(s string) {
	strPool.Put(s) // want "GM102: boxes a string"
}

func putStruct(p point) {
	strPool.Put(p) // want "GM102: boxes a point.*store a \*point instead"
}

func putLiteral() {
	strPool.Put(point{1, 2}) // want "GM102: boxes a point"
}

func putNamedSlice(r raw) {
	strPool.Put(r) // want "GM102: boxes a raw"
}

func putArray(w window) {
	strPool.Put(w) // want "GM102: boxes a window"
}

func putInt(n int) {
	strPool.Put(n) // want "GM102: boxes an int"
}

func putTime() {
	strPool.Put(time.Now()) // want "GM102: boxes a time.Time"
}

func putRawMessage(m json.RawMessage) {
	strPool.Put(m) // want "GM102: boxes a json.RawMessage"
}

func putMade(n int) {
	strPool.Put(make([]int, n)) // want "GM102: boxes a \[\]int"
}

var assignedNew = &sync.Pool{}

func init() {
	assignedNew.New = func() any {
		return point{} // want "GM102: the New func of assignedNew returns a point"
	}
}

func putPoint(p point) {
	assignedNew.Put(p) // want "GM102: assignedNew.Put\(p\) boxes a point"
}

type holder struct {
	pool sync.Pool
	keys []string
}

func (h *holder) release() {
	h.pool.Put(h.keys) // want "GM102: h.pool.Put\(h.keys\) boxes a \[\]string"
}
