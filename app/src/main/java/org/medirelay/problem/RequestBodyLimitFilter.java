package org.medirelay.problem;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over MAX_REQUEST_BODY with 413 before anything parses them. A declared
 * Content-Length is checked up front; a chunked body is read up to the limit and replayed, so the
 * JSON parser never sees an endless stream and nothing is stored from a refused request.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestBodyLimitFilter extends OncePerRequestFilter {

  private final long maxBytes;
  private final ProblemResponses problems;

  RequestBodyLimitFilter(RequestLimitSettings settings, ProblemResponses problems) {
    this.maxBytes = settings.maxRequestBody().toBytes();
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long declared = request.getContentLengthLong();
    if (declared > maxBytes) {
      tooLarge(request, response);
      return;
    }
    if (declared < 0 && "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"))) {
      byte[] body = request.getInputStream().readNBytes((int) maxBytes + 1);
      if (body.length > maxBytes) {
        tooLarge(request, response);
        return;
      }
      chain.doFilter(new ReplayedBody(request, body), response);
      return;
    }
    chain.doFilter(request, response);
  }

  private void tooLarge(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    // Tell the client and the connector that the rest of the body will not be read.
    response.setHeader("Connection", "close");
    problems.write(
        response,
        ProblemResponses.problem(
            HttpStatus.CONTENT_TOO_LARGE,
            "Content too large",
            "The request body is larger than " + maxBytes + " bytes.",
            request));
  }

  /** The request with its already-read body served again from memory. */
  private static final class ReplayedBody extends HttpServletRequestWrapper {
    private final byte[] body;

    ReplayedBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() throws IOException {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("synchronous only");
        }
      };
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}
