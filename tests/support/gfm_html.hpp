// Renders GitHub-flavoured Markdown to HTML with cmark-gfm (the library GitHub's
// renderer is built on), tables and autolinks on and raw HTML allowed, so a
// test can see whether text versiond wrote would become markup on GitHub.
#pragma once

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <memory>
#include <string>

namespace versiond::test {

inline std::string gfm_html(const std::string& markdown) {
  cmark_gfm_core_extensions_ensure_registered();
  std::unique_ptr<cmark_parser, void (*)(cmark_parser*)> parser(cmark_parser_new(CMARK_OPT_UNSAFE),
                                                                cmark_parser_free);
  cmark_parser_attach_syntax_extension(parser.get(), cmark_find_syntax_extension("table"));
  cmark_parser_attach_syntax_extension(parser.get(), cmark_find_syntax_extension("autolink"));
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  std::unique_ptr<cmark_node, void (*)(cmark_node*)> doc(cmark_parser_finish(parser.get()),
                                                         cmark_node_free);
  std::unique_ptr<char, void (*)(void*)> html(
      cmark_render_html(doc.get(), CMARK_OPT_UNSAFE,
                        cmark_parser_get_syntax_extensions(parser.get())),
      std::free);
  return html.get();
}

}  // namespace versiond::test
