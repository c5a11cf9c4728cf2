/*
 * @NAME@: an HTTP service in C for Denali (made by `denali new c @NAME@`).
 *
 *   denali cc @NAME@.c                 # -> @NAME@.elf
 *   denali serve @NAME@.elf            # then: curl -H 'Host: @NAME@' http://localhost:8080/
 *
 * http.h, denali.h and the rest of the guest SDK are described in guest-sdk/README.md.
 */
#include <denali.h>
#include <http.h>
#include <string.h>

DENALI_SETTINGS("memory=1M", "stack=64K", "service=@NAME@", "http=message");

/* Called once for each request; what it writes to res is the response. */
static void handle(const http_request *req, http_response *res) {
  if (strcmp(req->path, "/") != 0) {
    http_error(res, 404);
    return;
  }
  http_set_header(res, "Content-Type", "text/plain; charset=utf-8");
  http_printf(res, "Hello from @NAME@ on Denali VM %u\n", (unsigned) denali_vm_id());
}

int main(void) {
  return http_serve(handle, NULL);
}
