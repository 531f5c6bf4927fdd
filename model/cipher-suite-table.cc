/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cipher-suite-table.h"

#include "ns3/log.h"

#include <algorithm>
#include <cstdio>
#include <iterator>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaCipherSuiteTable");

namespace
{

// Why Debian 12's libssl3 (OpenSSL 3.0) cannot offer a suite. Each was checked by the unit test
// (SSL_CIPHER_find() knows no such suite, so no cipher string can select it).
const char* const kRc4 = "RC4 suites are not compiled into Debian 12's libssl3 (OpenSSL builds "
                         "them only with enable-weak-ssl-ciphers; RFC 7465 prohibits RC4 in TLS)";
const char* const k3Des = "3DES suites are not compiled into Debian 12's libssl3 (weak SSL "
                          "ciphers are disabled at build time)";
const char* const kDes = "single-DES suites were removed in OpenSSL 1.1.0 (RFC 5469)";
const char* const kStaticEcdh = "static ECDH key exchange was removed in OpenSSL 1.1.0";
const char* const kAriaCbc = "OpenSSL implements only the ARIA-GCM suites, not ARIA-CBC";
const char* const kCamelliaGcm = "OpenSSL implements Camellia suites only in CBC mode, not GCM";
const char* const kEcjpake = "EC J-PAKE (Thread) is implemented by mbed TLS only, never by OpenSSL";

// Every suite of the Quectel Table 3 and the OneMO appendix 5.1, ascending by ID.
// clang-format off
const CipherSuiteInfo kTable[] = {
    {0x0001, "TLS_RSA_WITH_NULL_MD5", "NULL-MD5", KeyExchange::RSA, true, nullptr},
    {0x0002, "TLS_RSA_WITH_NULL_SHA", "NULL-SHA", KeyExchange::RSA, true, nullptr},
    {0x0004, "TLS_RSA_WITH_RC4_128_MD5", "RC4-MD5", KeyExchange::RSA, false, kRc4},
    {0x0005, "TLS_RSA_WITH_RC4_128_SHA", "RC4-SHA", KeyExchange::RSA, false, kRc4},
    {0x0009, "TLS_RSA_WITH_DES_CBC_SHA", "DES-CBC-SHA", KeyExchange::RSA, false, kDes},
    {0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "DES-CBC3-SHA", KeyExchange::RSA, false, k3Des},
    {0x0015, "TLS_DHE_RSA_WITH_DES_CBC_SHA", "EDH-RSA-DES-CBC-SHA", KeyExchange::DHE_RSA, false, kDes},
    {0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA", "DHE-RSA-DES-CBC3-SHA", KeyExchange::DHE_RSA, false, k3Des},
    {0x002C, "TLS_PSK_WITH_NULL_SHA", "PSK-NULL-SHA", KeyExchange::PSK, true, nullptr},
    {0x002D, "TLS_DHE_PSK_WITH_NULL_SHA", "DHE-PSK-NULL-SHA", KeyExchange::DHE_PSK, true, nullptr},
    {0x002E, "TLS_RSA_PSK_WITH_NULL_SHA", "RSA-PSK-NULL-SHA", KeyExchange::RSA_PSK, true, nullptr},
    {0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA", KeyExchange::RSA, true, nullptr},
    {0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "DHE-RSA-AES128-SHA", KeyExchange::DHE_RSA, true, nullptr},
    {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", "AES256-SHA", KeyExchange::RSA, true, nullptr},
    {0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", "DHE-RSA-AES256-SHA", KeyExchange::DHE_RSA, true, nullptr},
    {0x003B, "TLS_RSA_WITH_NULL_SHA256", "NULL-SHA256", KeyExchange::RSA, true, nullptr},
    {0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256", "AES128-SHA256", KeyExchange::RSA, true, nullptr},
    {0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256", "AES256-SHA256", KeyExchange::RSA, true, nullptr},
    {0x0041, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA", "CAMELLIA128-SHA", KeyExchange::RSA, true, nullptr},
    {0x0045, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA", "DHE-RSA-CAMELLIA128-SHA", KeyExchange::DHE_RSA, true, nullptr},
    {0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", "DHE-RSA-AES128-SHA256", KeyExchange::DHE_RSA, true, nullptr},
    {0x006B, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", "DHE-RSA-AES256-SHA256", KeyExchange::DHE_RSA, true, nullptr},
    {0x0084, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA", "CAMELLIA256-SHA", KeyExchange::RSA, true, nullptr},
    {0x0088, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA", "DHE-RSA-CAMELLIA256-SHA", KeyExchange::DHE_RSA, true, nullptr},
    {0x008A, "TLS_PSK_WITH_RC4_128_SHA", "PSK-RC4-SHA", KeyExchange::PSK, false, kRc4},
    {0x008B, "TLS_PSK_WITH_3DES_EDE_CBC_SHA", "PSK-3DES-EDE-CBC-SHA", KeyExchange::PSK, false, k3Des},
    {0x008C, "TLS_PSK_WITH_AES_128_CBC_SHA", "PSK-AES128-CBC-SHA", KeyExchange::PSK, true, nullptr},
    {0x008D, "TLS_PSK_WITH_AES_256_CBC_SHA", "PSK-AES256-CBC-SHA", KeyExchange::PSK, true, nullptr},
    {0x008E, "TLS_DHE_PSK_WITH_RC4_128_SHA", "DHE-PSK-RC4-SHA", KeyExchange::DHE_PSK, false, kRc4},
    {0x008F, "TLS_DHE_PSK_WITH_3DES_EDE_CBC_SHA", "DHE-PSK-3DES-EDE-CBC-SHA", KeyExchange::DHE_PSK, false, k3Des},
    {0x0090, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA", "DHE-PSK-AES128-CBC-SHA", KeyExchange::DHE_PSK, true, nullptr},
    {0x0091, "TLS_DHE_PSK_WITH_AES_256_CBC_SHA", "DHE-PSK-AES256-CBC-SHA", KeyExchange::DHE_PSK, true, nullptr},
    {0x0092, "TLS_RSA_PSK_WITH_RC4_128_SHA", "RSA-PSK-RC4-SHA", KeyExchange::RSA_PSK, false, kRc4},
    {0x0093, "TLS_RSA_PSK_WITH_3DES_EDE_CBC_SHA", "RSA-PSK-3DES-EDE-CBC-SHA", KeyExchange::RSA_PSK, false, k3Des},
    {0x0094, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA", "RSA-PSK-AES128-CBC-SHA", KeyExchange::RSA_PSK, true, nullptr},
    {0x0095, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA", "RSA-PSK-AES256-CBC-SHA", KeyExchange::RSA_PSK, true, nullptr},
    {0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256", KeyExchange::RSA, true, nullptr},
    {0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384", KeyExchange::RSA, true, nullptr},
    {0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "DHE-RSA-AES128-GCM-SHA256", KeyExchange::DHE_RSA, true, nullptr},
    {0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "DHE-RSA-AES256-GCM-SHA384", KeyExchange::DHE_RSA, true, nullptr},
    {0x00A8, "TLS_PSK_WITH_AES_128_GCM_SHA256", "PSK-AES128-GCM-SHA256", KeyExchange::PSK, true, nullptr},
    {0x00A9, "TLS_PSK_WITH_AES_256_GCM_SHA384", "PSK-AES256-GCM-SHA384", KeyExchange::PSK, true, nullptr},
    {0x00AA, "TLS_DHE_PSK_WITH_AES_128_GCM_SHA256", "DHE-PSK-AES128-GCM-SHA256", KeyExchange::DHE_PSK, true, nullptr},
    {0x00AB, "TLS_DHE_PSK_WITH_AES_256_GCM_SHA384", "DHE-PSK-AES256-GCM-SHA384", KeyExchange::DHE_PSK, true, nullptr},
    {0x00AC, "TLS_RSA_PSK_WITH_AES_128_GCM_SHA256", "RSA-PSK-AES128-GCM-SHA256", KeyExchange::RSA_PSK, true, nullptr},
    {0x00AD, "TLS_RSA_PSK_WITH_AES_256_GCM_SHA384", "RSA-PSK-AES256-GCM-SHA384", KeyExchange::RSA_PSK, true, nullptr},
    {0x00AE, "TLS_PSK_WITH_AES_128_CBC_SHA256", "PSK-AES128-CBC-SHA256", KeyExchange::PSK, true, nullptr},
    {0x00AF, "TLS_PSK_WITH_AES_256_CBC_SHA384", "PSK-AES256-CBC-SHA384", KeyExchange::PSK, true, nullptr},
    {0x00B0, "TLS_PSK_WITH_NULL_SHA256", "PSK-NULL-SHA256", KeyExchange::PSK, true, nullptr},
    {0x00B1, "TLS_PSK_WITH_NULL_SHA384", "PSK-NULL-SHA384", KeyExchange::PSK, true, nullptr},
    {0x00B2, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA256", "DHE-PSK-AES128-CBC-SHA256", KeyExchange::DHE_PSK, true, nullptr},
    {0x00B3, "TLS_DHE_PSK_WITH_AES_256_CBC_SHA384", "DHE-PSK-AES256-CBC-SHA384", KeyExchange::DHE_PSK, true, nullptr},
    {0x00B4, "TLS_DHE_PSK_WITH_NULL_SHA256", "DHE-PSK-NULL-SHA256", KeyExchange::DHE_PSK, true, nullptr},
    {0x00B5, "TLS_DHE_PSK_WITH_NULL_SHA384", "DHE-PSK-NULL-SHA384", KeyExchange::DHE_PSK, true, nullptr},
    {0x00B6, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA256", "RSA-PSK-AES128-CBC-SHA256", KeyExchange::RSA_PSK, true, nullptr},
    {0x00B7, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA384", "RSA-PSK-AES256-CBC-SHA384", KeyExchange::RSA_PSK, true, nullptr},
    {0x00B8, "TLS_RSA_PSK_WITH_NULL_SHA256", "RSA-PSK-NULL-SHA256", KeyExchange::RSA_PSK, true, nullptr},
    {0x00B9, "TLS_RSA_PSK_WITH_NULL_SHA384", "RSA-PSK-NULL-SHA384", KeyExchange::RSA_PSK, true, nullptr},
    {0x00BA, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256", "CAMELLIA128-SHA256", KeyExchange::RSA, true, nullptr},
    {0x00BE, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", "DHE-RSA-CAMELLIA128-SHA256", KeyExchange::DHE_RSA, true, nullptr},
    {0x00C0, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256", "CAMELLIA256-SHA256", KeyExchange::RSA, true, nullptr},
    {0x00C4, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256", "DHE-RSA-CAMELLIA256-SHA256", KeyExchange::DHE_RSA, true, nullptr},
    {0xC001, "TLS_ECDH_ECDSA_WITH_NULL_SHA", "ECDH-ECDSA-NULL-SHA", KeyExchange::ECDH_ECDSA, false, kStaticEcdh},
    {0xC002, "TLS_ECDH_ECDSA_WITH_RC4_128_SHA", "ECDH-ECDSA-RC4-SHA", KeyExchange::ECDH_ECDSA, false, kStaticEcdh},
    {0xC003, "TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA", "ECDH-ECDSA-DES-CBC3-SHA", KeyExchange::ECDH_ECDSA, false, kStaticEcdh},
    {0xC004, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA", "ECDH-ECDSA-AES128-SHA", KeyExchange::ECDH_ECDSA, false, kStaticEcdh},
    {0xC005, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA", "ECDH-ECDSA-AES256-SHA", KeyExchange::ECDH_ECDSA, false, kStaticEcdh},
    {0xC006, "TLS_ECDHE_ECDSA_WITH_NULL_SHA", "ECDHE-ECDSA-NULL-SHA", KeyExchange::ECDHE_ECDSA, true, nullptr},
    {0xC007, "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", "ECDHE-ECDSA-RC4-SHA", KeyExchange::ECDHE_ECDSA, false, kRc4},
    {0xC008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA", "ECDHE-ECDSA-DES-CBC3-SHA", KeyExchange::ECDHE_ECDSA, false, k3Des},
    {0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA", KeyExchange::ECDHE_ECDSA, true, nullptr},
    {0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA", KeyExchange::ECDHE_ECDSA, true, nullptr},
    {0xC00B, "TLS_ECDH_RSA_WITH_NULL_SHA", "ECDH-RSA-NULL-SHA", KeyExchange::ECDH_RSA, false, kStaticEcdh},
    {0xC00C, "TLS_ECDH_RSA_WITH_RC4_128_SHA", "ECDH-RSA-RC4-SHA", KeyExchange::ECDH_RSA, false, kStaticEcdh},
    {0xC00D, "TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA", "ECDH-RSA-DES-CBC3-SHA", KeyExchange::ECDH_RSA, false, kStaticEcdh},
    {0xC00E, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA", "ECDH-RSA-AES128-SHA", KeyExchange::ECDH_RSA, false, kStaticEcdh},
    {0xC00F, "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA", "ECDH-RSA-AES256-SHA", KeyExchange::ECDH_RSA, false, kStaticEcdh},
    {0xC010, "TLS_ECDHE_RSA_WITH_NULL_SHA", "ECDHE-RSA-NULL-SHA", KeyExchange::ECDHE_RSA, true, nullptr},
    {0xC011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA", "ECDHE-RSA-RC4-SHA", KeyExchange::ECDHE_RSA, false, kRc4},
    {0xC012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "ECDHE-RSA-DES-CBC3-SHA", KeyExchange::ECDHE_RSA, false, k3Des},
    {0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA", KeyExchange::ECDHE_RSA, true, nullptr},
    {0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA", KeyExchange::ECDHE_RSA, true, nullptr},
    {0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "ECDHE-ECDSA-AES128-SHA256", KeyExchange::ECDHE_ECDSA, true, nullptr},
    {0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "ECDHE-ECDSA-AES256-SHA384", KeyExchange::ECDHE_ECDSA, true, nullptr},
    {0xC025, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256", "ECDH-ECDSA-AES128-SHA256", KeyExchange::ECDH_ECDSA, false, kStaticEcdh},
    {0xC026, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384", "ECDH-ECDSA-AES256-SHA384", KeyExchange::ECDH_ECDSA, false, kStaticEcdh},
    {0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "ECDHE-RSA-AES128-SHA256", KeyExchange::ECDHE_RSA, true, nullptr},
    {0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "ECDHE-RSA-AES256-SHA384", KeyExchange::ECDHE_RSA, true, nullptr},
    {0xC029, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256", "ECDH-RSA-AES128-SHA256", KeyExchange::ECDH_RSA, false, kStaticEcdh},
    {0xC02A, "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384", "ECDH-RSA-AES256-SHA384", KeyExchange::ECDH_RSA, false, kStaticEcdh},
    {0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", KeyExchange::ECDHE_ECDSA, true, nullptr},
    {0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384", KeyExchange::ECDHE_ECDSA, true, nullptr},
    {0xC02D, "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256", "ECDH-ECDSA-AES128-GCM-SHA256", KeyExchange::ECDH_ECDSA, false, kStaticEcdh},
    {0xC02E, "TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384", "ECDH-ECDSA-AES256-GCM-SHA384", KeyExchange::ECDH_ECDSA, false, kStaticEcdh},
    {0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256", KeyExchange::ECDHE_RSA, true, nullptr},
    {0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384", KeyExchange::ECDHE_RSA, true, nullptr},
    {0xC031, "TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256", "ECDH-RSA-AES128-GCM-SHA256", KeyExchange::ECDH_RSA, false, kStaticEcdh},
    {0xC032, "TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384", "ECDH-RSA-AES256-GCM-SHA384", KeyExchange::ECDH_RSA, false, kStaticEcdh},
    {0xC033, "TLS_ECDHE_PSK_WITH_RC4_128_SHA", "ECDHE-PSK-RC4-SHA", KeyExchange::ECDHE_PSK, false, kRc4},
    {0xC034, "TLS_ECDHE_PSK_WITH_3DES_EDE_CBC_SHA", "ECDHE-PSK-3DES-EDE-CBC-SHA", KeyExchange::ECDHE_PSK, false, k3Des},
    {0xC035, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA", "ECDHE-PSK-AES128-CBC-SHA", KeyExchange::ECDHE_PSK, true, nullptr},
    {0xC036, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA", "ECDHE-PSK-AES256-CBC-SHA", KeyExchange::ECDHE_PSK, true, nullptr},
    {0xC037, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256", "ECDHE-PSK-AES128-CBC-SHA256", KeyExchange::ECDHE_PSK, true, nullptr},
    {0xC038, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384", "ECDHE-PSK-AES256-CBC-SHA384", KeyExchange::ECDHE_PSK, true, nullptr},
    {0xC039, "TLS_ECDHE_PSK_WITH_NULL_SHA", "ECDHE-PSK-NULL-SHA", KeyExchange::ECDHE_PSK, true, nullptr},
    {0xC03A, "TLS_ECDHE_PSK_WITH_NULL_SHA256", "ECDHE-PSK-NULL-SHA256", KeyExchange::ECDHE_PSK, true, nullptr},
    {0xC03B, "TLS_ECDHE_PSK_WITH_NULL_SHA384", "ECDHE-PSK-NULL-SHA384", KeyExchange::ECDHE_PSK, true, nullptr},
    {0xC03C, "TLS_RSA_WITH_ARIA_128_CBC_SHA256", nullptr, KeyExchange::RSA, false, kAriaCbc},
    {0xC03D, "TLS_RSA_WITH_ARIA_256_CBC_SHA384", nullptr, KeyExchange::RSA, false, kAriaCbc},
    {0xC044, "TLS_DHE_RSA_WITH_ARIA_128_CBC_SHA256", nullptr, KeyExchange::DHE_RSA, false, kAriaCbc},
    {0xC045, "TLS_DHE_RSA_WITH_ARIA_256_CBC_SHA384", nullptr, KeyExchange::DHE_RSA, false, kAriaCbc},
    {0xC048, "TLS_ECDHE_ECDSA_WITH_ARIA_128_CBC_SHA256", nullptr, KeyExchange::ECDHE_ECDSA, false, kAriaCbc},
    {0xC049, "TLS_ECDHE_ECDSA_WITH_ARIA_256_CBC_SHA384", nullptr, KeyExchange::ECDHE_ECDSA, false, kAriaCbc},
    {0xC04A, "TLS_ECDH_ECDSA_WITH_ARIA_128_CBC_SHA256", nullptr, KeyExchange::ECDH_ECDSA, false, kStaticEcdh},
    {0xC04B, "TLS_ECDH_ECDSA_WITH_ARIA_256_CBC_SHA384", nullptr, KeyExchange::ECDH_ECDSA, false, kStaticEcdh},
    {0xC04C, "TLS_ECDHE_RSA_WITH_ARIA_128_CBC_SHA256", nullptr, KeyExchange::ECDHE_RSA, false, kAriaCbc},
    {0xC04D, "TLS_ECDHE_RSA_WITH_ARIA_256_CBC_SHA384", nullptr, KeyExchange::ECDHE_RSA, false, kAriaCbc},
    {0xC04E, "TLS_ECDH_RSA_WITH_ARIA_128_CBC_SHA256", nullptr, KeyExchange::ECDH_RSA, false, kStaticEcdh},
    {0xC04F, "TLS_ECDH_RSA_WITH_ARIA_256_CBC_SHA384", nullptr, KeyExchange::ECDH_RSA, false, kStaticEcdh},
    {0xC050, "TLS_RSA_WITH_ARIA_128_GCM_SHA256", "ARIA128-GCM-SHA256", KeyExchange::RSA, true, nullptr},
    {0xC051, "TLS_RSA_WITH_ARIA_256_GCM_SHA384", "ARIA256-GCM-SHA384", KeyExchange::RSA, true, nullptr},
    {0xC052, "TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256", "DHE-RSA-ARIA128-GCM-SHA256", KeyExchange::DHE_RSA, true, nullptr},
    {0xC053, "TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384", "DHE-RSA-ARIA256-GCM-SHA384", KeyExchange::DHE_RSA, true, nullptr},
    {0xC05C, "TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256", "ECDHE-ECDSA-ARIA128-GCM-SHA256", KeyExchange::ECDHE_ECDSA, true, nullptr},
    {0xC05D, "TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384", "ECDHE-ECDSA-ARIA256-GCM-SHA384", KeyExchange::ECDHE_ECDSA, true, nullptr},
    {0xC05E, "TLS_ECDH_ECDSA_WITH_ARIA_128_GCM_SHA256", nullptr, KeyExchange::ECDH_ECDSA, false, kStaticEcdh},
    {0xC05F, "TLS_ECDH_ECDSA_WITH_ARIA_256_GCM_SHA384", nullptr, KeyExchange::ECDH_ECDSA, false, kStaticEcdh},
    {0xC060, "TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256", "ECDHE-ARIA128-GCM-SHA256", KeyExchange::ECDHE_RSA, true, nullptr},
    {0xC061, "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384", "ECDHE-ARIA256-GCM-SHA384", KeyExchange::ECDHE_RSA, true, nullptr},
    {0xC062, "TLS_ECDH_RSA_WITH_ARIA_128_GCM_SHA256", nullptr, KeyExchange::ECDH_RSA, false, kStaticEcdh},
    {0xC063, "TLS_ECDH_RSA_WITH_ARIA_256_GCM_SHA384", nullptr, KeyExchange::ECDH_RSA, false, kStaticEcdh},
    {0xC064, "TLS_PSK_WITH_ARIA_128_CBC_SHA256", nullptr, KeyExchange::PSK, false, kAriaCbc},
    {0xC065, "TLS_PSK_WITH_ARIA_256_CBC_SHA384", nullptr, KeyExchange::PSK, false, kAriaCbc},
    {0xC066, "TLS_DHE_PSK_WITH_ARIA_128_CBC_SHA256", nullptr, KeyExchange::DHE_PSK, false, kAriaCbc},
    {0xC067, "TLS_DHE_PSK_WITH_ARIA_256_CBC_SHA384", nullptr, KeyExchange::DHE_PSK, false, kAriaCbc},
    {0xC068, "TLS_RSA_PSK_WITH_ARIA_128_CBC_SHA256", nullptr, KeyExchange::RSA_PSK, false, kAriaCbc},
    {0xC069, "TLS_RSA_PSK_WITH_ARIA_256_CBC_SHA384", nullptr, KeyExchange::RSA_PSK, false, kAriaCbc},
    {0xC06A, "TLS_PSK_WITH_ARIA_128_GCM_SHA256", "PSK-ARIA128-GCM-SHA256", KeyExchange::PSK, true, nullptr},
    {0xC06B, "TLS_PSK_WITH_ARIA_256_GCM_SHA384", "PSK-ARIA256-GCM-SHA384", KeyExchange::PSK, true, nullptr},
    {0xC06C, "TLS_DHE_PSK_WITH_ARIA_128_GCM_SHA256", "DHE-PSK-ARIA128-GCM-SHA256", KeyExchange::DHE_PSK, true, nullptr},
    {0xC06D, "TLS_DHE_PSK_WITH_ARIA_256_GCM_SHA384", "DHE-PSK-ARIA256-GCM-SHA384", KeyExchange::DHE_PSK, true, nullptr},
    {0xC06E, "TLS_RSA_PSK_WITH_ARIA_128_GCM_SHA256", "RSA-PSK-ARIA128-GCM-SHA256", KeyExchange::RSA_PSK, true, nullptr},
    {0xC06F, "TLS_RSA_PSK_WITH_ARIA_256_GCM_SHA384", "RSA-PSK-ARIA256-GCM-SHA384", KeyExchange::RSA_PSK, true, nullptr},
    {0xC070, "TLS_ECDHE_PSK_WITH_ARIA_128_CBC_SHA256", nullptr, KeyExchange::ECDHE_PSK, false, kAriaCbc},
    {0xC071, "TLS_ECDHE_PSK_WITH_ARIA_256_CBC_SHA384", nullptr, KeyExchange::ECDHE_PSK, false, kAriaCbc},
    {0xC072, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256", "ECDHE-ECDSA-CAMELLIA128-SHA256", KeyExchange::ECDHE_ECDSA, true, nullptr},
    {0xC073, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384", "ECDHE-ECDSA-CAMELLIA256-SHA384", KeyExchange::ECDHE_ECDSA, true, nullptr},
    {0xC074, "TLS_ECDH_ECDSA_WITH_CAMELLIA_128_CBC_SHA256", nullptr, KeyExchange::ECDH_ECDSA, false, kStaticEcdh},
    {0xC075, "TLS_ECDH_ECDSA_WITH_CAMELLIA_256_CBC_SHA384", nullptr, KeyExchange::ECDH_ECDSA, false, kStaticEcdh},
    {0xC076, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", "ECDHE-RSA-CAMELLIA128-SHA256", KeyExchange::ECDHE_RSA, true, nullptr},
    {0xC077, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384", "ECDHE-RSA-CAMELLIA256-SHA384", KeyExchange::ECDHE_RSA, true, nullptr},
    {0xC078, "TLS_ECDH_RSA_WITH_CAMELLIA_128_CBC_SHA256", nullptr, KeyExchange::ECDH_RSA, false, kStaticEcdh},
    {0xC079, "TLS_ECDH_RSA_WITH_CAMELLIA_256_CBC_SHA384", nullptr, KeyExchange::ECDH_RSA, false, kStaticEcdh},
    {0xC07A, "TLS_RSA_WITH_CAMELLIA_128_GCM_SHA256", nullptr, KeyExchange::RSA, false, kCamelliaGcm},
    {0xC07B, "TLS_RSA_WITH_CAMELLIA_256_GCM_SHA384", nullptr, KeyExchange::RSA, false, kCamelliaGcm},
    {0xC07C, "TLS_DHE_RSA_WITH_CAMELLIA_128_GCM_SHA256", nullptr, KeyExchange::DHE_RSA, false, kCamelliaGcm},
    {0xC07D, "TLS_DHE_RSA_WITH_CAMELLIA_256_GCM_SHA384", nullptr, KeyExchange::DHE_RSA, false, kCamelliaGcm},
    {0xC086, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_GCM_SHA256", nullptr, KeyExchange::ECDHE_ECDSA, false, kCamelliaGcm},
    {0xC087, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_GCM_SHA384", nullptr, KeyExchange::ECDHE_ECDSA, false, kCamelliaGcm},
    {0xC088, "TLS_ECDH_ECDSA_WITH_CAMELLIA_128_GCM_SHA256", nullptr, KeyExchange::ECDH_ECDSA, false, kStaticEcdh},
    {0xC089, "TLS_ECDH_ECDSA_WITH_CAMELLIA_256_GCM_SHA384", nullptr, KeyExchange::ECDH_ECDSA, false, kStaticEcdh},
    {0xC08A, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_GCM_SHA256", nullptr, KeyExchange::ECDHE_RSA, false, kCamelliaGcm},
    {0xC08B, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_GCM_SHA384", nullptr, KeyExchange::ECDHE_RSA, false, kCamelliaGcm},
    {0xC08C, "TLS_ECDH_RSA_WITH_CAMELLIA_128_GCM_SHA256", nullptr, KeyExchange::ECDH_RSA, false, kStaticEcdh},
    {0xC08D, "TLS_ECDH_RSA_WITH_CAMELLIA_256_GCM_SHA384", nullptr, KeyExchange::ECDH_RSA, false, kStaticEcdh},
    {0xC08E, "TLS_PSK_WITH_CAMELLIA_128_GCM_SHA256", nullptr, KeyExchange::PSK, false, kCamelliaGcm},
    {0xC08F, "TLS_PSK_WITH_CAMELLIA_256_GCM_SHA384", nullptr, KeyExchange::PSK, false, kCamelliaGcm},
    {0xC090, "TLS_DHE_PSK_WITH_CAMELLIA_128_GCM_SHA256", nullptr, KeyExchange::DHE_PSK, false, kCamelliaGcm},
    {0xC091, "TLS_DHE_PSK_WITH_CAMELLIA_256_GCM_SHA384", nullptr, KeyExchange::DHE_PSK, false, kCamelliaGcm},
    {0xC092, "TLS_RSA_PSK_WITH_CAMELLIA_128_GCM_SHA256", nullptr, KeyExchange::RSA_PSK, false, kCamelliaGcm},
    {0xC093, "TLS_RSA_PSK_WITH_CAMELLIA_256_GCM_SHA384", nullptr, KeyExchange::RSA_PSK, false, kCamelliaGcm},
    {0xC094, "TLS_PSK_WITH_CAMELLIA_128_CBC_SHA256", "PSK-CAMELLIA128-SHA256", KeyExchange::PSK, true, nullptr},
    {0xC095, "TLS_PSK_WITH_CAMELLIA_256_CBC_SHA384", "PSK-CAMELLIA256-SHA384", KeyExchange::PSK, true, nullptr},
    {0xC096, "TLS_DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", "DHE-PSK-CAMELLIA128-SHA256", KeyExchange::DHE_PSK, true, nullptr},
    {0xC097, "TLS_DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", "DHE-PSK-CAMELLIA256-SHA384", KeyExchange::DHE_PSK, true, nullptr},
    {0xC098, "TLS_RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256", "RSA-PSK-CAMELLIA128-SHA256", KeyExchange::RSA_PSK, true, nullptr},
    {0xC099, "TLS_RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384", "RSA-PSK-CAMELLIA256-SHA384", KeyExchange::RSA_PSK, true, nullptr},
    {0xC09A, "TLS_ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", "ECDHE-PSK-CAMELLIA128-SHA256", KeyExchange::ECDHE_PSK, true, nullptr},
    {0xC09B, "TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", "ECDHE-PSK-CAMELLIA256-SHA384", KeyExchange::ECDHE_PSK, true, nullptr},
    {0xC09C, "TLS_RSA_WITH_AES_128_CCM", "AES128-CCM", KeyExchange::RSA, true, nullptr},
    {0xC09D, "TLS_RSA_WITH_AES_256_CCM", "AES256-CCM", KeyExchange::RSA, true, nullptr},
    {0xC09E, "TLS_DHE_RSA_WITH_AES_128_CCM", "DHE-RSA-AES128-CCM", KeyExchange::DHE_RSA, true, nullptr},
    {0xC09F, "TLS_DHE_RSA_WITH_AES_256_CCM", "DHE-RSA-AES256-CCM", KeyExchange::DHE_RSA, true, nullptr},
    {0xC0A0, "TLS_RSA_WITH_AES_128_CCM_8", "AES128-CCM8", KeyExchange::RSA, true, nullptr},
    {0xC0A1, "TLS_RSA_WITH_AES_256_CCM_8", "AES256-CCM8", KeyExchange::RSA, true, nullptr},
    {0xC0A2, "TLS_DHE_RSA_WITH_AES_128_CCM_8", "DHE-RSA-AES128-CCM8", KeyExchange::DHE_RSA, true, nullptr},
    {0xC0A3, "TLS_DHE_RSA_WITH_AES_256_CCM_8", "DHE-RSA-AES256-CCM8", KeyExchange::DHE_RSA, true, nullptr},
    {0xC0A4, "TLS_PSK_WITH_AES_128_CCM", "PSK-AES128-CCM", KeyExchange::PSK, true, nullptr},
    {0xC0A5, "TLS_PSK_WITH_AES_256_CCM", "PSK-AES256-CCM", KeyExchange::PSK, true, nullptr},
    {0xC0A6, "TLS_DHE_PSK_WITH_AES_128_CCM", "DHE-PSK-AES128-CCM", KeyExchange::DHE_PSK, true, nullptr},
    {0xC0A7, "TLS_DHE_PSK_WITH_AES_256_CCM", "DHE-PSK-AES256-CCM", KeyExchange::DHE_PSK, true, nullptr},
    {0xC0A8, "TLS_PSK_WITH_AES_128_CCM_8", "PSK-AES128-CCM8", KeyExchange::PSK, true, nullptr},
    {0xC0A9, "TLS_PSK_WITH_AES_256_CCM_8", "PSK-AES256-CCM8", KeyExchange::PSK, true, nullptr},
    {0xC0AA, "TLS_PSK_DHE_WITH_AES_128_CCM_8", "DHE-PSK-AES128-CCM8", KeyExchange::DHE_PSK, true, nullptr},
    {0xC0AB, "TLS_PSK_DHE_WITH_AES_256_CCM_8", "DHE-PSK-AES256-CCM8", KeyExchange::DHE_PSK, true, nullptr},
    {0xC0AC, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", "ECDHE-ECDSA-AES128-CCM", KeyExchange::ECDHE_ECDSA, true, nullptr},
    {0xC0AD, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM", "ECDHE-ECDSA-AES256-CCM", KeyExchange::ECDHE_ECDSA, true, nullptr},
    {0xC0AE, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", "ECDHE-ECDSA-AES128-CCM8", KeyExchange::ECDHE_ECDSA, true, nullptr},
    {0xC0AF, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8", "ECDHE-ECDSA-AES256-CCM8", KeyExchange::ECDHE_ECDSA, true, nullptr},
    {0xC0FF, "TLS_ECJPAKE_WITH_AES_128_CCM_8", nullptr, KeyExchange::ECJPAKE, false, kEcjpake},
    {0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305", KeyExchange::ECDHE_RSA, true, nullptr},
    {0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305", KeyExchange::ECDHE_ECDSA, true, nullptr},
    {0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "DHE-RSA-CHACHA20-POLY1305", KeyExchange::DHE_RSA, true, nullptr},
    {0xCCAB, "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256", "PSK-CHACHA20-POLY1305", KeyExchange::PSK, true, nullptr},
    {0xCCAC, "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-PSK-CHACHA20-POLY1305", KeyExchange::ECDHE_PSK, true, nullptr},
    {0xCCAD, "TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256", "DHE-PSK-CHACHA20-POLY1305", KeyExchange::DHE_PSK, true, nullptr},
    {0xCCAE, "TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256", "RSA-PSK-CHACHA20-POLY1305", KeyExchange::RSA_PSK, true, nullptr},
};
// clang-format on

} // namespace

const CipherSuiteInfo*
CipherSuiteTable::Find(uint16_t id)
{
    const auto* end = std::end(kTable);
    const auto* it = std::lower_bound(std::begin(kTable),
                                      end,
                                      id,
                                      [](const CipherSuiteInfo& info, uint16_t key)
                                      {
                                          return info.id < key;
                                      });
    if (it == end || it->id != id)
    {
        NS_LOG_LOGIC("unknown cipher suite " << FormatQuectelId(id));
        return nullptr;
    }
    return it;
}

std::vector<uint16_t>
CipherSuiteTable::GetAllIds()
{
    std::vector<uint16_t> ids;
    ids.reserve(std::size(kTable));
    for (const auto& info : kTable)
    {
        ids.push_back(info.id);
    }
    return ids;
}

std::string
CipherSuiteTable::FormatQuectelId(uint16_t id)
{
    char buffer[8];
    std::snprintf(buffer, sizeof(buffer), "0X%04X", static_cast<unsigned>(id));
    return buffer;
}

const char*
CipherSuiteTable::KeyExchangeToString(KeyExchange kx)
{
    switch (kx)
    {
        case KeyExchange::RSA:
            return "RSA";
        case KeyExchange::DHE_RSA:
            return "DHE_RSA";
        case KeyExchange::ECDHE_RSA:
            return "ECDHE_RSA";
        case KeyExchange::ECDHE_ECDSA:
            return "ECDHE_ECDSA";
        case KeyExchange::ECDH_RSA:
            return "ECDH_RSA";
        case KeyExchange::ECDH_ECDSA:
            return "ECDH_ECDSA";
        case KeyExchange::PSK:
            return "PSK";
        case KeyExchange::DHE_PSK:
            return "DHE_PSK";
        case KeyExchange::RSA_PSK:
            return "RSA_PSK";
        case KeyExchange::ECDHE_PSK:
            return "ECDHE_PSK";
        case KeyExchange::ECJPAKE:
            return "ECJPAKE";
    }
    return "UNKNOWN";
}

} // namespace lpwa
} // namespace ns3
