package gm101

import (
	"bytes"
	"io"
	"sync"
)

func resetBeforePut(w io.Writer, s string) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.WriteString(s)
	w.Write(buf.Bytes())
	buf.Reset()
	bufPool.Put(buf) // want "GM103: may have grown"
}

func resetAfterGet(w io.Writer, s string) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	buf.WriteString(s)
	w.Write(buf.Bytes())
	bufPool.Put(buf) // want "GM103: may have grown"
}

func untouched() {
	buf := bufPool.Get().(*bytes.Buffer)
	bufPool.Put(buf)
}

func onlyRead() int {
	buf := bufPool.Get().(*bytes.Buffer)
	n := buf.Len()
	bufPool.Put(buf)
	return n
}

func freshObject() {
	bufPool.Put(new(bytes.Buffer))
	b := &bytes.Buffer{}
	b.WriteString("fresh, never from the pool")
	bufPool.Put(b)
}

func putNil() {
	bufPool.Put(nil)
}

func deferredReset(w io.Writer, s string) {
	buf := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(buf) // want "GM103: may have grown"
	defer buf.Reset()
	buf.WriteString(s)
	w.Write(buf.Bytes())
}

func deferredClosureReset(w io.Writer, s string) {
	buf := bufPool.Get().(*bytes.Buffer)
	defer func() {
		buf.Reset()
		bufPool.Put(buf) // want "GM103: may have grown"
	}()
	buf.WriteString(s)
	w.Write(buf.Bytes())
}

// release puts back a buffer it did not get: Put in another function than Get.
func release(buf *bytes.Buffer) {
	bufPool.Put(buf)
}

func shadowed(s string) {
	buf := bufPool.Get().(*bytes.Buffer)
	{
		buf := new(bytes.Buffer)
		buf.WriteString(s)
		bufPool.Put(buf)
	}
	bufPool.Put(buf)
}

func reassigned(s string) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.WriteString(s)
	buf = new(bytes.Buffer)
	bufPool.Put(buf)
}

func exclusiveBranches(ok bool, s string) {
	buf := bufPool.Get().(*bytes.Buffer)
	if ok {
		buf.WriteString(s)
		buf.Reset()
		bufPool.Put(buf) // want "GM103: may have grown"
	} else {
		bufPool.Put(buf)
	}
}

func returnedEarly(s string) *bytes.Buffer {
	buf := bufPool.Get().(*bytes.Buffer)
	if s != "" {
		buf.WriteString(s)
		return buf
	}
	bufPool.Put(buf)
	return nil
}

type notAPool struct{ items []any }

func (p *notAPool) Get() any  { return nil }
func (p *notAPool) Put(x any) { p.items = append(p.items, x) }

var fake notAPool

func typeNamedLikeAPool(s string) {
	buf := fake.Get().(*bytes.Buffer)
	buf.WriteString(s)
	fake.Put(buf)
}

type Pool struct{ free []*bytes.Buffer }

func (p *Pool) Get() *bytes.Buffer  { return new(bytes.Buffer) }
func (p *Pool) Put(b *bytes.Buffer) { p.free = append(p.free, b) }

var localPool Pool

func localTypeCalledPool(s string) {
	buf := localPool.Get()
	buf.WriteString(s)
	localPool.Put(buf)
}

var otherPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func differentPools(s string) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.WriteString(s)
	otherPool.Put(buf)
}

func truncated(p []byte) {
	bp := slicePool.Get().(*[]byte)
	*bp = append(*bp, p...)
	*bp = (*bp)[:0]
	slicePool.Put(bp) // want "GM103: may have grown"
}

var slicePool = sync.Pool{New: func() any { b := make([]byte, 0, 64); return &b }}

func zeroed(name string) {
	r := recordPool.Get().(*record)
	r.name = name
	*r = record{}
	recordPool.Put(r)
}

func cleared(k string) {
	m := mapPool.Get().(map[string]int)
	m[k]++
	clear(m)
	mapPool.Put(m)
}

var mapPool sync.Pool

func interfaceValue(s string) {
	v := bufPool.Get()
	bufPool.Put(v)
}

// Every field is assigned after Get: nothing of the previous user survives.
func overwritesEverything(name string, tags []string) {
	r := recordPool.Get().(*record)
	r.name = name
	r.tags = tags
	r.count = len(tags)
	recordPool.Put(r)
}

// memclrScratch is implemented in assembly: only its name says what it does.
func memclrScratch(r *record)

func clearedByAssembly(name string) {
	r := recordPool.Get().(*record)
	r.name = name
	memclrScratch(r)
	recordPool.Put(r)
}
