package gm202

import (
	"fmt"
	"log"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/gofiber/fiber/v2"
	"github.com/labstack/echo/v4"
	"github.com/valyala/fasthttp"
)

type api struct {
	body  []byte
	cache map[string]any
}

func (a *api) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "%s", a.body) // want "GM202: a.body \(\[\]byte\) is boxed for fmt.Fprintf: .* in HTTP handler api.ServeHTTP"
}

func status(w http.ResponseWriter, r *http.Request) {
	b := []byte(r.URL.Path)
	log.Printf("path %s", b) // want "GM202: b \(\[\]byte\) is boxed for log.Printf: .* in HTTP handler status"
	w.Write(b)               // a []byte parameter: nothing boxed
}

func routes(mux *http.ServeMux, body []byte) {
	mux.HandleFunc("/x", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, body) // want "GM202: in HTTP handler func literal"
	})
	fmt.Println("routes ready", body) // registration runs once
}

func (a *api) store(w http.ResponseWriter, r *http.Request) {
	a.cache[r.URL.Path] = a.body // want "GM202: is boxed for a store into map\[string\]any: .* in HTTP handler api.store"
}

func (a *api) failing(w http.ResponseWriter, r *http.Request, check func() error) {
	if err := check(); err != nil {
		http.Error(w, fmt.Sprintf("bad %s: %v", a.body, err), http.StatusBadRequest) // an error path
		return
	}
	w.Write(a.body)
}

func fast(ctx *fasthttp.RequestCtx) {
	fmt.Fprintf(ctx, "%s", ctx.Path()) // unknown result type: not reported
	b := []byte("x")
	fmt.Fprintf(ctx, "%s", b) // want "GM202: in fasthttp handler fast"
}

func ginHandler(c *gin.Context) {
	var b []byte
	log.Print(b) // want "GM202: in gin handler ginHandler"
}

func echoHandler(c echo.Context) error {
	var b []byte
	return fmt.Errorf("%s", b) // want "GM202: in echo handler echoHandler"
}

func fiberHandler(c *fiber.Ctx) error {
	var b []byte
	log.Print(b) // want "GM202: in fiber handler fiberHandler"
	return nil
}

// Not handlers: the shapes do not match.

func notHandler(w http.ResponseWriter, b []byte) {
	fmt.Fprintf(w, "%s", b)
}

func twoContexts(a, c *gin.Context, b []byte) {
	log.Print(b)
}

type Context struct{}

func localContext(c *Context) {
	var b []byte
	log.Print(b) // a local type named Context is not gin's
}
