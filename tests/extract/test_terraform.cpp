#include <catch2/catch.hpp>

#include "extract/extract_test_support.hpp"
#include "support/temp_dir.hpp"
#include "versiond/core/error.hpp"
#include "versiond/extract/extractors.hpp"

using versiond::Component;
using versiond::extract::extract_terraform;
using versiond::extract::extract_terraform_lock;

namespace {

std::string error_of(const std::string& text, bool lock = false) {
  return versiond::test::error_message([&] {
    lock ? extract_terraform_lock(text, "x/.terraform.lock.hcl")
         : extract_terraform(text, "x/main.tf");
  });
}

}  // namespace

TEST_CASE("required_version, required_providers and registry modules", "[extract][terraform]") {
  const std::string tf = R"(# comment
// another comment
/* block
   comment */
terraform {
  required_version = ">= 1.5.0, < 2.0.0"
  backend "azurerm" {}
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.78.0" # trailing comment
    }
    confluent = { source = "Mongey/confluentcloud", version = "0.0.6" }
    tofu = {
      source  = "registry.opentofu.org/hashicorp/random"
      version = ">= 3.0"
    }
    legacy = "~> 1.0"
    helm = {
      source = "hashicorp/helm"
    }
  }
}

module "aks" {
  source  = "Azure/aks/azurerm"
  version = "9.1.0"
  tags    = { for k, v in var.tags : k => upper(v) }
  names   = [for s in var.subnets : "${s.name}-${var.suffix == "" ? "x" : var.suffix}"]
}

module "private" {
  source  = "app.terraform.io/acme/network/azurerm"
  version = "~> 2.0"
}

module "local" {
  source = "./modules/local"
}

module "git" {
  source = "git::https://github.com/acme/mod.git?ref=v1.2.3"
}

resource "azurerm_kubernetes_cluster" "main" {
  kubernetes_version = "1.31.2"
  custom_data = <<-EOT
    #!/bin/sh
    echo "${var.x}"
  EOT
  count = var.enabled ? 1 : 0
}

resource "azurerm_kubernetes_cluster" "variable" {
  kubernetes_version = var.k8s_version
}
)";
  const auto cs = extract_terraform(tf, "infra/main.tf");
  REQUIRE(cs.size() == 10);

  CHECK(cs[0].kind == versiond::PinKind::terraform_core);
  CHECK(cs[0].current == ">= 1.5.0, < 2.0.0");
  CHECK(cs[0].package == "hashicorp/terraform");
  CHECK(cs[0].origin.line == 6);
  CHECK(cs[0].scheme == versiond::versioning::SchemeId::hashicorp);

  CHECK(cs[1].kind == versiond::PinKind::terraform_provider);
  CHECK(cs[1].name == "azurerm");
  CHECK(cs[1].package == "hashicorp/azurerm");
  CHECK(cs[1].current == "~> 4.78.0");
  CHECK(cs[1].origin.line == 11);
  CHECK(cs[1].registry_url == "https://registry.terraform.io");
  CHECK(cs[1].datasource == versiond::Datasource::terraform_provider);

  CHECK(cs[2].package == "Mongey/confluentcloud");
  CHECK(cs[2].current == "0.0.6");
  CHECK(cs[3].package == "hashicorp/random");
  CHECK(cs[3].registry_url == "https://registry.opentofu.org");
  CHECK(cs[4].name == "legacy");
  CHECK(cs[4].package == "hashicorp/legacy");
  CHECK(cs[4].current == "~> 1.0");
  CHECK(cs[5].name == "helm");
  CHECK(cs[5].current.empty());
  CHECK(cs[5].skip_text() == "no version constraint");

  CHECK(cs[6].kind == versiond::PinKind::terraform_module);
  CHECK(cs[6].name == "aks");
  CHECK(cs[6].package == "Azure/aks/azurerm");
  CHECK(cs[6].current == "9.1.0");
  CHECK(cs[6].origin.line == 27);
  CHECK(cs[7].package == "acme/network/azurerm");
  CHECK(cs[7].registry_url == "https://app.terraform.io");

  // A git module on GitHub: its tags (issue 11; it used to be dropped).
  CHECK(cs[8].kind == versiond::PinKind::terraform_module);
  CHECK(cs[8].package == "acme/mod");
  CHECK(cs[8].current == "v1.2.3");
  CHECK(cs[8].datasource == versiond::Datasource::github_tags);

  CHECK(cs[9].kind == versiond::PinKind::terraform_aks);
  CHECK(cs[9].current == "1.31.2");
  CHECK(cs[9].datasource == versiond::Datasource::endoflife);
  CHECK(cs[9].package == "azure-kubernetes-service");
}

TEST_CASE("AKS version as a module variable default", "[extract][terraform]") {
  const auto cs = extract_terraform(
      "variable \"kubernetes_version\" {\n  type    = string\n  default = \"1.35\"\n}\n"
      "variable \"node_count\" {\n  default = 3\n}\n",
      "modules/aks/variables.tf");
  REQUIRE(cs.size() == 1);
  CHECK(cs[0].kind == versiond::PinKind::terraform_aks);
  CHECK(cs[0].name == "kubernetes");
  CHECK(cs[0].current == "1.35");
  CHECK(cs[0].origin.line == 3);
}

TEST_CASE("Terraform CRLF and quoted escapes", "[extract][terraform]") {
  const auto cs = extract_terraform(
      "terraform {\r\n  required_providers {\r\n    azurerm = {\r\n      source = "
      "\"hashicorp/azurerm\"\r\n"
      "      version = \"= 3.0.0\"\r\n    }\r\n  }\r\n}\r\n",
      "main.tf");
  REQUIRE(cs.size() == 1);
  CHECK(cs[0].current == "= 3.0.0");
  CHECK(cs[0].origin.line == 5);
}

TEST_CASE("Terraform syntax errors name file and line", "[extract][terraform]") {
  CHECK(error_of("terraform {\n  required_version = \">= 1.0\n}\n") ==
        "x/main.tf:2: unterminated string");
  CHECK(error_of("terraform {\n  required_version = \">= 1.0\"\n") ==
        "x/main.tf:3: unexpected end of file: a block is not closed");
  CHECK(error_of("resource \"a\" \"b\" \n  x = 1\n") ==
        "x/main.tf:1: expected '=' or '{' after 'resource', found end of line");
  CHECK(error_of("a = 1\n/* never closed\n") == "x/main.tf:2: unterminated /* comment");
  CHECK(error_of("x = <<EOT\nbody\n") == "x/main.tf:1: unterminated heredoc <<EOT");
  CHECK(error_of("x = (1 + 2\ny = 3\n") ==
        "x/main.tf:3: unexpected end of file: '(' is not closed");
  CHECK(error_of("\"quoted\" = 1\n") ==
        "x/main.tf:1: expected an attribute or a block, found string \"quoted\"");
  CHECK(error_of("a = 1 b = 2\n") == "x/main.tf:1: expected a new line, found 'b'");
  CHECK(error_of("a = {\n  k = 1\n") ==
        "x/main.tf:3: unexpected end of file: object opened on line 1 is not closed");
  CHECK(error_of("a = 1\nb = @\n") == "x/main.tf:2: unexpected character '@'");
  CHECK(error_of("terraform {\n  required_version = var.v\n}\n") ==
        "x/main.tf:2: required_version must be a string");
  CHECK(error_of("terraform {\n required_providers {\n  a = {\n   version = 3\n  }\n }\n}\n") ==
        "x/main.tf:4: provider 'a': version must be a string");
  // Nesting is bounded, never a stack overflow.
  std::string deep = "a = ";
  deep.append(100000, '[');
  CHECK(error_of(deep).find("x/main.tf:1: nesting deeper than 64 levels") == 0);
  std::string deep_blocks;
  for (int i = 0; i < 10000; ++i) {
    deep_blocks += "b {\n";
  }
  CHECK(error_of(deep_blocks).find("nesting deeper than 64 levels") != std::string::npos);
}

TEST_CASE("real lock files", "[extract][terraform][lock]") {
  SECTION("OpenTofu lock with a builtin provider") {
    const auto cs = extract_terraform_lock(
        versiond::test::read_fixture(
            "extract/lockfiles/edge-opentofu-builtin-provider.terraform.lock.hcl"),
        ".terraform.lock.hcl");
    REQUIRE(cs.size() == 3);
    CHECK(cs[0].package == "builtin/terraform");
    CHECK(cs[0].skip_text() == "builtin provider");
    CHECK(cs[0].datasource == versiond::Datasource::none);
    CHECK(cs[1].package == "hashicorp/aws");
    CHECK(cs[1].current == "3.37.0");
    CHECK(cs[1].constraint == "3.37.0");
    CHECK(cs[1].registry_url == "https://registry.opentofu.org");
    CHECK(cs[1].hashes.size() == 2);
    CHECK(cs[1].hashes[0].rfind("h1:", 0) == 0);
    CHECK(cs[1].hashes[1].rfind("zh:", 0) == 0);
    CHECK(cs[1].kind == versiond::PinKind::terraform_lock);
    CHECK(cs[1].origin.line == 9);
  }
  SECTION("leading blank line and a trailing comma in hashes") {
    const auto cs = extract_terraform_lock(
        versiond::test::read_fixture(
            "extract/lockfiles/edge-opentofu-hostname-leading-blank-line.terraform.lock.hcl"),
        "l.hcl");
    REQUIRE(cs.size() == 1);
    CHECK(cs[0].package == "hashicorp/azurerm");
    CHECK(cs[0].current == "2.63.0");
    CHECK(cs[0].constraint == ">= 2.48.0, < 2.65.0");
    CHECK(cs[0].hashes.size() == 12);
    CHECK(cs[0].origin.line == 6);
  }
  SECTION("mixed-case namespace is lower case in the lock") {
    const auto cs = extract_terraform_lock(
        versiond::test::read_fixture(
            "extract/lockfiles/dependabot-mixed-case-namespace.terraform.lock.hcl"),
        "l.hcl");
    REQUIRE(cs.size() == 1);
    CHECK(cs[0].package == "mongey/confluentcloud");
  }
  SECTION("larger real locks") {
    const auto hpcc = extract_terraform_lock(
        versiond::test::read_fixture("extract/lockfiles/hpcc-aks-csi-blobnfs.terraform.lock.hcl"),
        "l");
    CHECK(hpcc.size() == 8);
    CHECK(hpcc[0].package == "gavinbunney/kubectl");
    const auto taito = extract_terraform_lock(
        versiond::test::read_fixture("extract/lockfiles/taito-aws.terraform.lock.hcl"), "l");
    CHECK(taito.size() == 11);
    for (const Component& c : taito) {
      CHECK_FALSE(c.current.empty());
      CHECK_FALSE(c.hashes.empty());
    }
  }
}

TEST_CASE("malformed lock files", "[extract][terraform][lock]") {
  CHECK(
      error_of("provider \"registry.terraform.io/hashicorp/aws\" {\n  constraints = \"1.0\"\n}\n",
               true) ==
      "x/.terraform.lock.hcl:1: provider \"registry.terraform.io/hashicorp/aws\": missing version");
  CHECK(error_of("provider {\n  version = \"1.0\"\n}\n", true) ==
        "x/.terraform.lock.hcl:1: provider block needs exactly one address label");
  CHECK(error_of("provider \"a/b\" {\n  version = \"1\"\n  hashes = \"h1:x\"\n}\n", true) ==
        "x/.terraform.lock.hcl:3: provider \"a/b\": hashes must be a list");
  CHECK(
      error_of("provider \"a/b\" {\n  version = \"1\"\n  hashes = [\n    \"h1:x\"\n    \"zh:y\"\n",
               true) ==
      "x/.terraform.lock.hcl:6: unexpected end of file: list opened on line 3 is not closed");
}

TEST_CASE("a module's providers map with an aliased provider key is read", "[extract][terraform]") {
  // The shape terraform/examples/production_spoke/main.tf uses (terraform fmt accepts it).
  const auto cs = extract_terraform(R"(module "spoke" {
  source  = "Azure/aks/azurerm"
  version = "9.1.0"
  providers = {
    azurerm              = azurerm
    azurerm.shared_vault = azurerm.shared
  }
}
)",
                                    "x/main.tf");
  REQUIRE(cs.size() == 1);
  CHECK(cs[0].package == "Azure/aks/azurerm");
  CHECK(cs[0].current == "9.1.0");
  CHECK_THROWS_WITH(extract_terraform("locals {\n  x = { a. = 1 }\n}\n", "x/main.tf"),
                    Catch::Contains("x/main.tf:2: expected a name after 'a.'"));
}
