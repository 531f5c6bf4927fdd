/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "module-profile.h"

#include "cipher-suite-table.h"

#include "ns3/abort.h"
#include "ns3/log.h"

#include <algorithm>
#include <cctype>
#include <deque>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaModuleProfile");

namespace
{

/// Case-insensitive equality of two ASCII strings.
bool
EqualsIgnoreCase(const std::string& a, const std::string& b)
{
    return a.size() == b.size() &&
           std::equal(a.begin(),
                      a.end(),
                      b.begin(),
                      [](char x, char y)
                      {
                          return std::tolower(static_cast<unsigned char>(x)) ==
                                 std::tolower(static_cast<unsigned char>(y));
                      });
}

/**
 * The figures every Quectel model of the BG95/BG77/BG600L SSL Application Note (v1.1,
 * 2021-10-22) shares; the model entries below add name, series, description and RATs.
 */
ModuleProfile
QuectelBg9xBase()
{
    using P = ModuleProfile;
    return ModuleProfile()
        .SetDialect(P::Dialect::QUECTEL)
        // <pdp_ctxID> range 1-16 (AT+QSSLOPEN). How many may be active at once is not in the
        // SSL note; 3 is an assumption.
        .SetPdpContexts(1, 16, 3)
        // <clientID> range 0-11 (AT+QSSLOPEN, AT+QSSLSTATE, +QSSLURC).
        .SetSocketCount(12)
        // Assumption: every connect ID can carry an SSL connection.
        .SetMaxSslConnections(12)
        // <SSL_ctxID> range 0-5: "The module supports 6 SSL contexts at most".
        .SetSslContextCount(6)
        // Table 2 (SSL3.0, TLS1.0, TLS1.1, TLS1.2) and AT+QSSLCFG="dtlsversion" (DTLS1.0, 1.2).
        .SetSslVersions(P::SSL_3_0 | P::TLS_1_0 | P::TLS_1_1 | P::TLS_1_2 | P::DTLS_1_0 |
                        P::DTLS_1_2)
        // Table 3, in the manual's order (0XFFFF, "all of the above", is not a suite).
        .SetCipherSuites({0x0035, 0x002F, 0x0005, 0x0004, 0x000A, 0x003D, 0xC002, 0xC003, 0xC004,
                          0xC005, 0xC007, 0xC008, 0xC009, 0xC00A, 0xC011, 0xC012, 0xC013, 0xC014,
                          0xC00C, 0xC00D, 0xC00E, 0xC00F, 0xC023, 0xC024, 0xC025, 0xC026, 0xC027,
                          0xC028, 0xC029, 0xC02A, 0xC02B, 0xC02F, 0xC0A8, 0x00AE, 0xC0AE})
        // AT+QSSLSEND <sendlen> 1-1460; AT+QSSLRECV <readlen> 0-1500.
        .SetTransferLimits(1460, 1500)
        // Assumption: 10 KiB of received data buffered per socket until AT+QSSLRECV reads it.
        .SetSocketReceiveBufferSize(10240)
        // Assumption: 2048 bytes; fits every documented Quectel command line with margin
        // (AT+QISENDEX with its longest hex string, AT+QSSLOPEN with a long host name).
        .SetMaxCommandLineLength(2048)
        // Modelling assumption: 2 ms to parse and answer an ordinary command; a later
        // attribute overrides it.
        .SetCommandProcessingTimeUs(2000)
        // BG95, BG77 and BG600L-M3 are built on the Qualcomm MDM9205 (ARM Cortex-A7, up to
        // 800 MHz); the class names the crypto-cost profile. Source: Quectel product briefs
        // (recalled, verify).
        .SetMcuClass("mdm9205-a7")
        // Field behaviour from /work/shared/real-clients.md and SSL note 2.4.2.
        .SetQuirks(P::CONNECT_ID_CLAIMED_AFTER_PDP_LOSS | P::QUOTED_CIPHERSUITE_REJECTED |
                   P::CLOSED_SOCKET_WAITS_FOR_HOST_CLOSE);
}

/**
 * The cipher suites of appendix 5.1 of the OneMO SSL AT command manual (V5.3.0), in its
 * (ascending) order. The manual gives no per-model list ("the actual suites of each model are
 * those AT+MSSLCIPHER=? reports") and only an illustrative AT+MSSLCIPHER=? answer
 * `(0x01,0x16,0x3D)`; assumption: every model supports the whole appendix.
 */
const std::vector<uint16_t>&
OneMoAppendixCipherSuites()
{
    static const std::vector<uint16_t> ids = {
        0x0001, 0x0002, 0x0004, 0x0005, 0x0009, 0x000A, 0x0015, 0x0016, 0x002C, 0x002D, 0x002E,
        0x002F, 0x0033, 0x0035, 0x0039, 0x003B, 0x003C, 0x003D, 0x0041, 0x0045, 0x0067, 0x006B,
        0x0084, 0x0088, 0x008A, 0x008B, 0x008C, 0x008D, 0x008E, 0x008F, 0x0090, 0x0091, 0x0092,
        0x0093, 0x0094, 0x0095, 0x009C, 0x009D, 0x009E, 0x009F, 0x00A8, 0x00A9, 0x00AA, 0x00AB,
        0x00AC, 0x00AD, 0x00AE, 0x00AF, 0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6,
        0x00B7, 0x00B8, 0x00B9, 0x00BA, 0x00BE, 0x00C0, 0x00C4, 0xC001, 0xC002, 0xC003, 0xC004,
        0xC005, 0xC006, 0xC007, 0xC008, 0xC009, 0xC00A, 0xC00B, 0xC00C, 0xC00D, 0xC00E, 0xC00F,
        0xC010, 0xC011, 0xC012, 0xC013, 0xC014, 0xC023, 0xC024, 0xC025, 0xC026, 0xC027, 0xC028,
        0xC029, 0xC02A, 0xC02B, 0xC02C, 0xC02D, 0xC02E, 0xC02F, 0xC030, 0xC031, 0xC032, 0xC033,
        0xC034, 0xC035, 0xC036, 0xC037, 0xC038, 0xC039, 0xC03A, 0xC03B, 0xC03C, 0xC03D, 0xC044,
        0xC045, 0xC048, 0xC049, 0xC04A, 0xC04B, 0xC04C, 0xC04D, 0xC04E, 0xC04F, 0xC050, 0xC051,
        0xC052, 0xC053, 0xC05C, 0xC05D, 0xC05E, 0xC05F, 0xC060, 0xC061, 0xC062, 0xC063, 0xC064,
        0xC065, 0xC066, 0xC067, 0xC068, 0xC069, 0xC06A, 0xC06B, 0xC06C, 0xC06D, 0xC06E, 0xC06F,
        0xC070, 0xC071, 0xC072, 0xC073, 0xC074, 0xC075, 0xC076, 0xC077, 0xC078, 0xC079, 0xC07A,
        0xC07B, 0xC07C, 0xC07D, 0xC086, 0xC087, 0xC088, 0xC089, 0xC08A, 0xC08B, 0xC08C, 0xC08D,
        0xC08E, 0xC08F, 0xC090, 0xC091, 0xC092, 0xC093, 0xC094, 0xC095, 0xC096, 0xC097, 0xC098,
        0xC099, 0xC09A, 0xC09B, 0xC09C, 0xC09D, 0xC09E, 0xC09F, 0xC0A0, 0xC0A1, 0xC0A2, 0xC0A3,
        0xC0A4, 0xC0A5, 0xC0A6, 0xC0A7, 0xC0A8, 0xC0A9, 0xC0AA, 0xC0AB, 0xC0AC, 0xC0AD, 0xC0AE,
        0xC0AF, 0xC0FF, 0xCCA8, 0xCCA9, 0xCCAA, 0xCCAB, 0xCCAC, 0xCCAD, 0xCCAE,
    };
    return ids;
}

/**
 * The figures every OneMO model of the OneMO SSL AT command manual (V5.3.0) shares; the
 * family entries below set the NB-IoT or 4G figures and the per-model footnotes.
 */
ModuleProfile
OneMoBase()
{
    using P = ModuleProfile;
    return ModuleProfile()
        .SetDialect(P::Dialect::ONEMO)
        // AT+MSSLCFG="version" <ssl_version>: 0 SSL 3.0, 1 TLS 1.0, 2 TLS 1.1, 3 TLS 1.2.
        .SetSslVersions(P::SSL_3_0 | P::TLS_1_0 | P::TLS_1_1 | P::TLS_1_2)
        .SetCipherSuites(OneMoAppendixCipherSuites())
        // Assumption: 10240 bytes, so that an 8 KiB certificate (the AT+MSSLCERTWR limit) fits
        // inline in one command line.
        .SetMaxCommandLineLength(10240)
        // Modelling assumption, as for the Quectel models: 2 ms per ordinary command.
        .SetCommandProcessingTimeUs(2000)
        // Assumption: no crypto-cost profile exists for the OneMO processors (ASR, Eigencomm
        // and similar Cortex-class SoCs); the nearest known class is used.
        .SetMcuClass("cortex-m4-120mhz")
        // No OneMO field quirk is documented in /work/shared/real-clients.md.
        .SetQuirks(0)
        // Footnote 4 of AT+MSSLCFG: the listed models accept only <input_format> 2 (escaped).
        .SetCertInputEncodings(P::INPUT_ESCAPED)
        // Footnote 8 of AT+MSSLCHECK: the listed models support only MD5.
        .SetCertCheckAlgorithms(P::CHECK_MD5)
        .SetCipherQuerySupported(true)
        .SetCertDataModeSupported(true)
        .SetSslPskSupported(false)
        .SetSslStateLostOnDeepSleep(false);
}

/// The OneMO NB-IoT series (MN316, MN316-S, MN326).
ModuleProfile
OneMoNbBase()
{
    using P = ModuleProfile;
    return OneMoBase()
        // Assumption (recalled product briefs, verify): 3GPP Rel-14 NB-IoT, NB1 and NB2.
        .SetRats(P::CAT_NB1 | P::CAT_NB2)
        // Assumption: PDP context IDs 1-8, one active at a time on NB-IoT.
        .SetPdpContexts(1, 8, 1)
        // Assumption: 5 connect IDs (0-4), matching the SSL ID range.
        .SetSocketCount(5)
        .SetMaxSslConnections(5)
        // Footnote 2 of AT+MSSLCFG: "the NB series supports range 0-4".
        .SetSslContextCount(5)
        // Assumption: 1024-byte sends and reads, 4 KiB buffered per socket.
        .SetTransferLimits(1024, 1024)
        .SetSocketReceiveBufferSize(4096)
        // AT+MSSLPSK footnote lists only 4G models as lacking it; MSSLCFG "psk" footnote 3:
        // "the 4G series does not support this parameter".
        .SetSslPskSupported(true);
}

/**
 * The OneMO NB-IoT MN316/MN326 as opposed to MN316-S: the notes of AT+MSSLCFG ("after waking
 * from deep sleep all SSL configuration, written certificates included, must be set again; at
 * most two SSL connections at once") and of AT+MSSLCERTWR/AT+MSSLKEYWR (no `>` data mode).
 */
ModuleProfile
OneMoMn316Base()
{
    return OneMoNbBase()
        .SetMaxSslConnections(2)
        .SetCertDataModeSupported(false)
        .SetSslStateLostOnDeepSleep(true);
}

/// The OneMO 4G (LTE Cat.1 / Cat.1 bis) series.
ModuleProfile
OneMo4gBase()
{
    using P = ModuleProfile;
    return OneMoBase()
        .SetRats(P::LTE_CAT1)
        // Assumption: PDP context IDs 1-8, two active at once.
        .SetPdpContexts(1, 8, 2)
        // Assumption: 6 connect IDs (0-5) for AT+MIPOPEN, as the ML307 drivers of
        // /work/shared/real-clients.md use; every one may carry SSL.
        .SetSocketCount(6)
        .SetMaxSslConnections(6)
        // <ssl_id> range 0-5.
        .SetSslContextCount(6)
        // Assumption: 1460-byte sends and reads (esp-ml307 sends 730-byte hex chunks), 10 KiB
        // buffered per socket.
        .SetTransferLimits(1460, 1460)
        .SetSocketReceiveBufferSize(10240);
}

/// The built-in profiles: Table 1 of the Quectel SSL Application Note, then Table 1 of the
/// OneMO SSL AT command manual, each in its order.
std::deque<ModuleProfile>
BuiltInProfiles()
{
    using P = ModuleProfile;
    const uint32_t m1Nb2 = P::CAT_M1 | P::CAT_NB2;
    std::deque<ModuleProfile> profiles;
    auto add = [&profiles](const std::string& series,
                           const std::string& name,
                           const std::string& description,
                           uint32_t rats)
    {
        profiles.push_back(QuectelBg9xBase()
                               .SetSeries(series)
                               .SetName(name)
                               .SetDescription(description)
                               .SetRats(rats));
    };
    add("BG95", "BG95-M1", "Cat M1 only", P::CAT_M1);
    add("BG95", "BG95-M2", "Cat M1/Cat NB2", m1Nb2);
    add("BG95", "BG95-M3", "Cat M1/Cat NB2/EGPRS", m1Nb2 | P::EGPRS);
    add("BG95", "BG95-M4", "Cat M1/Cat NB2, 450 MHz Supported", m1Nb2);
    add("BG95", "BG95-M5", "Cat M1/Cat NB2/EGPRS, Power Class 3", m1Nb2 | P::EGPRS);
    add("BG95", "BG95-M6", "Cat M1/Cat NB2, Power Class 3", m1Nb2);
    add("BG95", "BG95-MF", "Cat M1/Cat NB2, Wi-Fi Positioning", m1Nb2);
    add("BG77", "BG77", "Cat M1/Cat NB2", m1Nb2);
    add("BG600L", "BG600L-M3", "Cat M1/Cat NB2/EGPRS", m1Nb2 | P::EGPRS);
    // OneMO SSL AT command manual Table 1: one profile per family; the sub-models
    // (e.g. MN316-DBRS/MN316-DLVS) share it, as no footnote separates them.
    auto onemo =
        [&profiles](ModuleProfile base, const std::string& name, const std::string& description)
    {
        profiles.push_back(base.SetSeries(name).SetName(name).SetDescription(description));
    };
    onemo(OneMoMn316Base(), "MN316", "NB-IoT, sub-models MN316-DBRS/MN316-DLVS");
    // MN316-S is missing from footnotes 4 and 8 and from the MN316/MN326 notes: all three
    // input encodings, all four check algorithms, `>` data mode, no deep-sleep loss.
    onemo(
        OneMoNbBase()
            .SetCertInputEncodings(P::INPUT_ASCII | P::INPUT_HEX | P::INPUT_ESCAPED)
            .SetCertCheckAlgorithms(P::CHECK_MD5 | P::CHECK_SHA1 | P::CHECK_SHA256 | P::CHECK_CRC),
        "MN316-S",
        "NB-IoT, sub-model MN316-S-DLVS");
    onemo(OneMoMn316Base(), "MN326", "NB-IoT, sub-model MN326-X");
    onemo(OneMo4gBase(),
          "ML302A",
          "LTE Cat.1, sub-models ML302A-DCLM/ML302A-DSLM/ML302A-GCLM/ML302A-GSLM");
    // AT+MSSLCIPHER note: "ML302S/ML307S do not support this command yet".
    onemo(OneMo4gBase().SetCipherQuerySupported(false),
          "ML302S",
          "LTE Cat.1, sub-model ML302S-DNLM");
    onemo(OneMo4gBase(), "ML305A", "LTE Cat.1, sub-models ML305A-DC/ML305A-DS/ML305A-DL");
    onemo(OneMo4gBase(),
          "ML307A",
          "LTE Cat.1, sub-models ML307A-DCLN/ML307A-DSLN/ML307A-GCLN/ML307A-GSLN/ML307A-DL");
    onemo(OneMo4gBase().SetCipherQuerySupported(false),
          "ML307S",
          "LTE Cat.1, sub-model ML307S-DNLM");
    onemo(OneMo4gBase(), "ML305U", "LTE Cat.1, sub-model ML305U-DBLN");
    onemo(OneMo4gBase(), "ML305M", "LTE Cat.1, sub-model ML305M-DSLM");
    onemo(OneMo4gBase(), "ML307R", "LTE Cat.1, sub-models ML307R-DC/ML307R-DL");
    onemo(OneMo4gBase(), "ML307G", "LTE Cat.1, sub-model ML307G-DL");
    return profiles;
}

/// Checks a profile before it enters the registry.
void
Validate(const ModuleProfile& p, const std::deque<ModuleProfile>& registry)
{
    if (p.GetName().empty())
    {
        NS_FATAL_ERROR("ns3::lpwa::ModuleProfile::Register: argument profile has an empty name");
    }
    for (const auto& existing : registry)
    {
        if (EqualsIgnoreCase(existing.GetName(), p.GetName()))
        {
            NS_FATAL_ERROR("ns3::lpwa::ModuleProfile::Register: a profile named \""
                           << existing.GetName() << "\" is already registered (argument name \""
                           << p.GetName() << "\")");
        }
    }
    for (uint16_t id : p.GetCipherSuites())
    {
        if (CipherSuiteTable::Find(id) == nullptr)
        {
            NS_FATAL_ERROR("ns3::lpwa::ModuleProfile::Register: profile \""
                           << p.GetName() << "\" lists cipher suite "
                           << CipherSuiteTable::FormatQuectelId(id)
                           << ", which is not in CipherSuiteTable");
        }
    }
    if (p.GetSocketCount() == 0 || p.GetSslContextCount() == 0 ||
        p.GetPdpContextIdMin() > p.GetPdpContextIdMax() || p.GetMaxActivePdpContexts() == 0 ||
        p.GetMaxActivePdpContexts() > p.GetPdpContextIdMax() - p.GetPdpContextIdMin() + 1 ||
        p.GetMaxSslConnections() > p.GetSocketCount())
    {
        NS_FATAL_ERROR("ns3::lpwa::ModuleProfile::Register: profile \""
                       << p.GetName() << "\" has inconsistent counts: sockets "
                       << p.GetSocketCount() << ", SSL contexts " << p.GetSslContextCount()
                       << ", PDP IDs " << p.GetPdpContextIdMin() << "-" << p.GetPdpContextIdMax()
                       << " with " << p.GetMaxActivePdpContexts() << " active, SSL connections "
                       << p.GetMaxSslConnections());
    }
}

/// The registry; built-in profiles are added on first use. A deque keeps pointers stable.
std::deque<ModuleProfile>&
Registry()
{
    static std::deque<ModuleProfile> registry = []()
    {
        std::deque<ModuleProfile> checked;
        for (const auto& profile : BuiltInProfiles())
        {
            Validate(profile, checked);
            checked.push_back(profile);
        }
        return checked;
    }();
    return registry;
}

} // namespace

ModuleProfile::ModuleProfile() = default;

const std::string&
ModuleProfile::GetName() const
{
    return m_name;
}

const std::string&
ModuleProfile::GetSeries() const
{
    return m_series;
}

ModuleProfile::Dialect
ModuleProfile::GetDialect() const
{
    return m_dialect;
}

const std::string&
ModuleProfile::GetDescription() const
{
    return m_description;
}

uint32_t
ModuleProfile::GetRats() const
{
    return m_rats;
}

bool
ModuleProfile::IsRatSupported(Rat rat) const
{
    return (m_rats & rat) != 0;
}

uint32_t
ModuleProfile::GetPdpContextIdMin() const
{
    return m_pdpContextIdMin;
}

uint32_t
ModuleProfile::GetPdpContextIdMax() const
{
    return m_pdpContextIdMax;
}

uint32_t
ModuleProfile::GetMaxActivePdpContexts() const
{
    return m_maxActivePdpContexts;
}

uint32_t
ModuleProfile::GetSocketCount() const
{
    return m_socketCount;
}

uint32_t
ModuleProfile::GetMaxSslConnections() const
{
    return m_maxSslConnections;
}

uint32_t
ModuleProfile::GetSslContextCount() const
{
    return m_sslContextCount;
}

uint32_t
ModuleProfile::GetSslVersions() const
{
    return m_sslVersions;
}

bool
ModuleProfile::IsSslVersionSupported(SslVersion version) const
{
    return (m_sslVersions & version) != 0;
}

const std::vector<uint16_t>&
ModuleProfile::GetCipherSuites() const
{
    return m_cipherSuites;
}

bool
ModuleProfile::IsCipherSuiteSupported(uint16_t id) const
{
    return std::find(m_cipherSuites.begin(), m_cipherSuites.end(), id) != m_cipherSuites.end();
}

uint32_t
ModuleProfile::GetMaxSendLength() const
{
    return m_maxSendLength;
}

uint32_t
ModuleProfile::GetMaxReadLength() const
{
    return m_maxReadLength;
}

uint32_t
ModuleProfile::GetSocketReceiveBufferSize() const
{
    return m_socketReceiveBufferSize;
}

uint32_t
ModuleProfile::GetMaxCommandLineLength() const
{
    return m_maxCommandLineLength;
}

Time
ModuleProfile::GetCommandProcessingTime() const
{
    return MicroSeconds(m_commandProcessingTimeUs);
}

const std::string&
ModuleProfile::GetMcuClass() const
{
    return m_mcuClass;
}

uint32_t
ModuleProfile::GetQuirks() const
{
    return m_quirks;
}

bool
ModuleProfile::IsQuirkSet(Quirk quirk) const
{
    return (m_quirks & quirk) != 0;
}

ModuleProfile&
ModuleProfile::SetName(const std::string& name)
{
    m_name = name;
    return *this;
}

ModuleProfile&
ModuleProfile::SetSeries(const std::string& series)
{
    m_series = series;
    return *this;
}

ModuleProfile&
ModuleProfile::SetDialect(Dialect dialect)
{
    m_dialect = dialect;
    return *this;
}

ModuleProfile&
ModuleProfile::SetDescription(const std::string& description)
{
    m_description = description;
    return *this;
}

ModuleProfile&
ModuleProfile::SetRats(uint32_t rats)
{
    m_rats = rats;
    return *this;
}

ModuleProfile&
ModuleProfile::SetPdpContexts(uint32_t minId, uint32_t maxId, uint32_t maxActive)
{
    m_pdpContextIdMin = minId;
    m_pdpContextIdMax = maxId;
    m_maxActivePdpContexts = maxActive;
    return *this;
}

ModuleProfile&
ModuleProfile::SetSocketCount(uint32_t count)
{
    m_socketCount = count;
    return *this;
}

ModuleProfile&
ModuleProfile::SetMaxSslConnections(uint32_t count)
{
    m_maxSslConnections = count;
    return *this;
}

ModuleProfile&
ModuleProfile::SetSslContextCount(uint32_t count)
{
    m_sslContextCount = count;
    return *this;
}

ModuleProfile&
ModuleProfile::SetSslVersions(uint32_t versions)
{
    m_sslVersions = versions;
    return *this;
}

ModuleProfile&
ModuleProfile::SetCipherSuites(const std::vector<uint16_t>& ids)
{
    m_cipherSuites = ids;
    return *this;
}

ModuleProfile&
ModuleProfile::SetTransferLimits(uint32_t maxSend, uint32_t maxRead)
{
    m_maxSendLength = maxSend;
    m_maxReadLength = maxRead;
    return *this;
}

ModuleProfile&
ModuleProfile::SetSocketReceiveBufferSize(uint32_t bytes)
{
    m_socketReceiveBufferSize = bytes;
    return *this;
}

ModuleProfile&
ModuleProfile::SetMaxCommandLineLength(uint32_t bytes)
{
    m_maxCommandLineLength = bytes;
    return *this;
}

ModuleProfile&
ModuleProfile::SetCommandProcessingTimeUs(uint32_t microseconds)
{
    m_commandProcessingTimeUs = microseconds;
    return *this;
}

ModuleProfile&
ModuleProfile::SetMcuClass(const std::string& mcuClass)
{
    m_mcuClass = mcuClass;
    return *this;
}

ModuleProfile&
ModuleProfile::SetQuirks(uint32_t quirks)
{
    m_quirks = quirks;
    return *this;
}

bool
ModuleProfile::IsSslPskSupported() const
{
    return m_sslPskSupported;
}

uint32_t
ModuleProfile::GetCertInputEncodings() const
{
    return m_certInputEncodings;
}

bool
ModuleProfile::IsCertInputEncodingSupported(uint32_t format) const
{
    return format < 32 && (m_certInputEncodings & (1U << format)) != 0;
}

uint32_t
ModuleProfile::GetCertCheckAlgorithms() const
{
    return m_certCheckAlgorithms;
}

bool
ModuleProfile::IsCertCheckAlgorithmSupported(uint32_t algorithm) const
{
    return algorithm < 32 && (m_certCheckAlgorithms & (1U << algorithm)) != 0;
}

bool
ModuleProfile::IsCipherQuerySupported() const
{
    return m_cipherQuerySupported;
}

bool
ModuleProfile::IsCertDataModeSupported() const
{
    return m_certDataModeSupported;
}

bool
ModuleProfile::IsSslStateLostOnDeepSleep() const
{
    return m_sslStateLostOnDeepSleep;
}

ModuleProfile&
ModuleProfile::SetSslPskSupported(bool supported)
{
    m_sslPskSupported = supported;
    return *this;
}

ModuleProfile&
ModuleProfile::SetCertInputEncodings(uint32_t encodings)
{
    m_certInputEncodings = encodings;
    return *this;
}

ModuleProfile&
ModuleProfile::SetCertCheckAlgorithms(uint32_t algorithms)
{
    m_certCheckAlgorithms = algorithms;
    return *this;
}

ModuleProfile&
ModuleProfile::SetCipherQuerySupported(bool supported)
{
    m_cipherQuerySupported = supported;
    return *this;
}

ModuleProfile&
ModuleProfile::SetCertDataModeSupported(bool supported)
{
    m_certDataModeSupported = supported;
    return *this;
}

ModuleProfile&
ModuleProfile::SetSslStateLostOnDeepSleep(bool lost)
{
    m_sslStateLostOnDeepSleep = lost;
    return *this;
}

const ModuleProfile*
ModuleProfile::Find(const std::string& name)
{
    for (const auto& profile : Registry())
    {
        if (EqualsIgnoreCase(profile.GetName(), name))
        {
            return &profile;
        }
    }
    NS_LOG_LOGIC("no module profile named \"" << name << "\"");
    return nullptr;
}

std::vector<std::string>
ModuleProfile::GetNames()
{
    std::vector<std::string> names;
    for (const auto& profile : Registry())
    {
        names.push_back(profile.GetName());
    }
    return names;
}

void
ModuleProfile::Register(const ModuleProfile& profile)
{
    auto& registry = Registry();
    Validate(profile, registry);
    registry.push_back(profile);
    NS_LOG_INFO("registered module profile " << profile.GetName() << " ("
                                             << DialectToString(profile.GetDialect()) << ")");
}

const char*
ModuleProfile::DialectToString(Dialect dialect)
{
    switch (dialect)
    {
        case Dialect::QUECTEL:
            return "QUECTEL";
        case Dialect::ONEMO:
            return "ONEMO";
    }
    return "UNKNOWN";
}

} // namespace lpwa
} // namespace ns3
