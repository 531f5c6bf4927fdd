/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "onemo-certificate-commands.h"

#include "at-engine.h"
#include "lpwa-module.h"
#include "module-file-system.h"
#include "onemo-ssl-commands.h"

#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"

#include <memory>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaOneMoCertificateCommands");
NS_OBJECT_ENSURE_REGISTERED(OneMoCertificateCommands);

namespace
{

// Error codes of section 5.2 of the OneMO SSL AT command manual.
constexpr uint32_t PARAMETER_ERROR = 50; //!< parameter error
constexpr uint32_t UNKNOWN_ERROR = 760;  //!< CERTS/KEYS unknown error
constexpr uint32_t INVALID = 761;        //!< CERTS/KEYS invalid (format/content)
constexpr uint32_t NOT_FOUND = 762;      //!< CERTS/KEYS do not exist
constexpr uint32_t NAME_TAKEN = 763;     //!< a certificate or key of that name exists
constexpr uint32_t WRITE_ERROR = 764;    //!< CERTS/KEYS write error
constexpr uint32_t WRITE_BUSY = 765;     //!< another certificate/key is being written
constexpr uint32_t READ_ERROR = 766;     //!< CERTS/KEYS read error
constexpr uint32_t DELETE_ERROR = 767;   //!< CERTS/KEYS delete error
constexpr uint32_t TOO_LARGE = 768;      //!< CERTS/KEYS too large
constexpr uint32_t LOAD_FAILURE = 769;   //!< CERTS/KEYS load failure

/// Largest certificate, key or PSK, in bytes ("at most 8K (8192 bytes)").
constexpr uint32_t MAX_CREDENTIAL = 8192;
/// Longest name, in bytes.
constexpr size_t MAX_NAME = 64;

/// Decode hex digits (either case); false on an odd length or a non-hex digit.
bool
FromHex(const std::string& hex, std::string& out)
{
    if (hex.size() % 2 != 0)
    {
        return false;
    }
    auto nibble = [](char c) -> int
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f')
        {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F')
        {
            return c - 'A' + 10;
        }
        return -1;
    };
    out.clear();
    for (size_t i = 0; i < hex.size(); i += 2)
    {
        const int hi = nibble(hex[i]);
        const int lo = nibble(hex[i + 1]);
        if (hi < 0 || lo < 0)
        {
            return false;
        }
        out.push_back(static_cast<char>(hi * 16 + lo));
    }
    return true;
}

/// Undo `\r \n \t \\`; false on another escape or a trailing backslash.
bool
Unescape(const std::string& text, std::string& out)
{
    out.clear();
    for (size_t i = 0; i < text.size(); ++i)
    {
        if (text[i] != '\\')
        {
            out.push_back(text[i]);
            continue;
        }
        if (++i == text.size())
        {
            return false;
        }
        switch (text[i])
        {
            case 'r':
                out.push_back('\r');
                break;
            case 'n':
                out.push_back('\n');
                break;
            case 't':
                out.push_back('\t');
                break;
            case '\\':
                out.push_back('\\');
                break;
            default:
                return false;
        }
    }
    return true;
}

/// A password callback that refuses: an encrypted key cannot be loaded.
int
NoPassword(char*, int, int, void*)
{
    return 0;
}

using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;

/// A read-only memory BIO over some data.
BioPtr
MemoryBio(const std::string& data)
{
    return BioPtr(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())), &BIO_free);
}

/**
 * Check PEM content: 0 if OpenSSL loads it as the kind, INVALID if no PEM block of that kind
 * is found, LOAD_FAILURE if the block is there but does not load.
 */
uint32_t
CheckPem(OneMoCertificateCommands::CredentialKind kind, const std::string& data)
{
    using K = OneMoCertificateCommands::CredentialKind;
    char* name = nullptr;
    char* header = nullptr;
    unsigned char* body = nullptr;
    long length = 0;
    BioPtr scan = MemoryBio(data);
    const bool pem = scan && PEM_read_bio(scan.get(), &name, &header, &body, &length) == 1;
    std::string type = pem ? name : "";
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_free(body);
    ERR_clear_error();
    const bool right =
        kind == K::CERTIFICATE
            ? (type == "CERTIFICATE" || type == "X509 CERTIFICATE" || type == "TRUSTED CERTIFICATE")
            : type.size() >= 11 && type.compare(type.size() - 11, 11, "PRIVATE KEY") == 0;
    if (!pem || !right)
    {
        return INVALID;
    }
    BioPtr load = MemoryBio(data);
    bool loaded = false;
    if (kind == K::CERTIFICATE)
    {
        X509* cert = PEM_read_bio_X509(load.get(), nullptr, &NoPassword, nullptr);
        loaded = cert != nullptr;
        X509_free(cert);
    }
    else
    {
        EVP_PKEY* key = PEM_read_bio_PrivateKey(load.get(), nullptr, &NoPassword, nullptr);
        loaded = key != nullptr;
        EVP_PKEY_free(key);
    }
    ERR_clear_error();
    return loaded ? 0 : LOAD_FAILURE;
}

/// CRC-32 (IEEE 802.3, as zlib).
uint32_t
Crc32(const std::string& data)
{
    uint32_t crc = 0xFFFFFFFFU;
    for (unsigned char b : data)
    {
        crc ^= b;
        for (int k = 0; k < 8; ++k)
        {
            crc = (crc >> 1) ^ (0xEDB88320U & (0U - (crc & 1U)));
        }
    }
    return ~crc;
}

} // namespace

TypeId
OneMoCertificateCommands::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::OneMoCertificateCommands")
            .SetParent<AtCommandSet>()
            .SetGroupName("LpwaModem")
            .AddConstructor<OneMoCertificateCommands>()
            // Assumption: the manual gives no limit; a module cannot wait forever for the rest
            // of a certificate, and 60 s is far above any host's gap between two packets.
            .AddAttribute("PendingWriteTimeout",
                          "How long a multi-packet certificate or key write waits for its next "
                          "packet before it is dropped (the old file stays). Default 60 s is an "
                          "assumption; the manual gives none.",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&OneMoCertificateCommands::m_pendingTimeout),
                          MakeTimeChecker(Seconds(0)));
    return tid;
}

OneMoCertificateCommands::OneMoCertificateCommands()
{
    NS_LOG_FUNCTION(this);
}

OneMoCertificateCommands::~OneMoCertificateCommands()
{
    NS_LOG_FUNCTION(this);
}

void
OneMoCertificateCommands::Install(Ptr<LpwaModule> module)
{
    NS_LOG_FUNCTION(this << module);
    m_module = module;
    Ptr<AtEngine> engine = module->GetAtEngine();
    engine->RegisterCommand("+MSSLCERTWR",
                            [this](const AtCommand& c)
                            {
                                HandleWrite(CredentialKind::CERTIFICATE, c);
                            });
    engine->RegisterCommand("+MSSLKEYWR",
                            [this](const AtCommand& c)
                            {
                                HandleWrite(CredentialKind::PRIVATE_KEY, c);
                            });
    engine->RegisterCommand("+MSSLCERTRD",
                            [this](const AtCommand& c)
                            {
                                HandleRead(c);
                            });
    engine->RegisterCommand("+MSSLLIST",
                            [this](const AtCommand& c)
                            {
                                HandleList(c);
                            });
    engine->RegisterCommand("+MSSLRM",
                            [this](const AtCommand& c)
                            {
                                HandleRemove(c);
                            });
    engine->RegisterCommand("+MSSLCHECK",
                            [this](const AtCommand& c)
                            {
                                HandleCheck(c);
                            });
    if (module->GetProfile().IsSslPskSupported())
    {
        engine->RegisterCommand("+MSSLPSK",
                                [this](const AtCommand& c)
                                {
                                    HandlePsk(c);
                                });
    }
    if (module->GetProfile().IsCipherQuerySupported())
    {
        engine->RegisterCommand("+MSSLCIPHER",
                                [this](const AtCommand& c)
                                {
                                    HandleCipher(c);
                                });
    }
}

void
OneMoCertificateCommands::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_pendingTimer.Cancel();
    m_module = nullptr;
    AtCommandSet::DoDispose();
}

bool
OneMoCertificateCommands::GetKind(const std::string& name, CredentialKind& kind) const
{
    auto it = m_index.find(name);
    if (it == m_index.end() || !m_module || !m_module->GetFileSystem()->Exists(name))
    {
        return false;
    }
    kind = it->second;
    return true;
}

bool
OneMoCertificateCommands::GetContent(const std::string& name, std::string& content) const
{
    std::vector<uint8_t> bytes;
    if (m_index.count(name) == 0 || !m_module ||
        m_module->GetFileSystem()->Read(name, bytes) != ModuleFileSystem::Result::OK)
    {
        return false;
    }
    content.assign(bytes.begin(), bytes.end());
    return true;
}

void
OneMoCertificateCommands::ResetAll()
{
    NS_LOG_FUNCTION(this);
    DropPending();
    if (m_module)
    {
        for (const auto& entry : m_index)
        {
            m_module->GetFileSystem()->Delete(entry.first);
        }
    }
    m_index.clear();
}

std::string
OneMoCertificateCommands::Digest(const std::string& data, uint32_t algorithm)
{
    static const char digits[] = "0123456789abcdef";
    if (algorithm == 3)
    {
        const uint32_t crc = Crc32(data);
        std::string hex;
        for (int shift = 28; shift >= 0; shift -= 4)
        {
            hex.push_back(digits[(crc >> shift) & 0xF]);
        }
        return hex;
    }
    const EVP_MD* md = algorithm == 0   ? EVP_md5()
                       : algorithm == 1 ? EVP_sha1()
                       : algorithm == 2 ? EVP_sha256()
                                        : nullptr;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (md == nullptr || EVP_Digest(data.data(), data.size(), digest, &len, md, nullptr) != 1)
    {
        return "";
    }
    std::string hex;
    for (unsigned int i = 0; i < len; ++i)
    {
        hex.push_back(digits[digest[i] >> 4]);
        hex.push_back(digits[digest[i] & 0xF]);
    }
    return hex;
}

bool
OneMoCertificateCommands::GetName(const AtParameter& p, std::string& name) const
{
    if (!p.IsString() || p.GetText().empty() || p.GetText().size() > MAX_NAME ||
        p.GetText().find(':') != std::string::npos ||
        !m_module->GetFileSystem()->IsValidName(p.GetText()))
    {
        return false;
    }
    name = p.GetText();
    return true;
}

uint32_t
OneMoCertificateCommands::CheckWritable(CredentialKind kind, const std::string& name) const
{
    if (m_pending.active && (m_pending.name != name || m_pending.kind != kind))
    {
        return WRITE_BUSY;
    }
    auto it = m_index.find(name);
    const bool exists = m_module->GetFileSystem()->Exists(name);
    if ((it != m_index.end() && it->second != kind) || (it == m_index.end() && exists))
    {
        return NAME_TAKEN;
    }
    return 0;
}

uint8_t
OneMoCertificateCommands::InputFormat() const
{
    Ptr<OneMoSslCommands> ssl = m_module->GetCommandSet<OneMoSslCommands>();
    return (ssl && ssl->GetContextCount() > 0) ? ssl->GetContext(0).inputFormat : 2;
}

void
OneMoCertificateCommands::DropPending()
{
    m_pendingTimer.Cancel();
    m_pending = PendingWrite();
}

void
OneMoCertificateCommands::PendingTimeout()
{
    NS_LOG_FUNCTION(this);
    NS_LOG_INFO("write of \"" << m_pending.name << "\" timed out with " << m_pending.remain
                              << " still to come; dropped");
    DropPending();
}

void
OneMoCertificateCommands::HandleWrite(CredentialKind kind, const AtCommand& command)
{
    NS_LOG_FUNCTION(this << command.GetText());
    Ptr<AtEngine> engine = m_module->GetAtEngine();
    if (command.GetForm() == AtCommand::TEST)
    {
        engine->FinishOk();
        return;
    }
    if (command.GetForm() != AtCommand::WRITE)
    {
        engine->FinishError();
        return;
    }
    std::string name;
    int64_t remain = 0;
    int64_t length = 0;
    const AtParameter& data = command.GetParameter(3);
    if (command.GetParameterCount() < 3 || command.GetParameterCount() > 4 ||
        !GetName(command.GetParameter(0), name) ||
        !command.GetParameter(1).GetInteger(remain, 0, 1000000000) ||
        !command.GetParameter(2).GetInteger(length, 0, 1000000000) ||
        (!data.IsOmitted() && !data.IsString()))
    {
        engine->FinishCmeError(PARAMETER_ERROR);
        return;
    }
    if (data.IsOmitted() && (length == 0 || !m_module->GetProfile().IsCertDataModeSupported()))
    {
        engine->FinishCmeError(PARAMETER_ERROR);
        return;
    }
    const uint32_t busy = CheckWritable(kind, name);
    if (busy != 0)
    {
        engine->FinishCmeError(busy);
        return;
    }
    // From here on, a pending write is this name's own: a failure drops it.
    if (length > MAX_CREDENTIAL || remain > MAX_CREDENTIAL || length + remain > MAX_CREDENTIAL)
    {
        DropPending();
        engine->FinishCmeError(TOO_LARGE);
        return;
    }
    if (data.IsOmitted())
    {
        engine->BeginFixedInput(
            static_cast<uint32_t>(length),
            [this, kind, name, remain, length](AtEngine::InputEnd end, const std::string& bytes)
            {
                Ptr<AtEngine> e = m_module->GetAtEngine();
                if (end != AtEngine::INPUT_SEND)
                {
                    DropPending();
                    e->FinishCmeError(WRITE_ERROR);
                    return;
                }
                const uint32_t error = AddPacket(kind,
                                                 name,
                                                 static_cast<uint32_t>(remain),
                                                 static_cast<uint32_t>(length),
                                                 bytes);
                error == 0 ? e->FinishOk() : e->FinishCmeError(error);
            });
        return;
    }
    const std::string& text = data.GetText();
    std::string bytes;
    uint32_t units = 0;
    switch (InputFormat())
    {
        case 1: // hex: <length> counts bytes, the string has two digits per byte
            if (length != 0 && text.size() != 2 * static_cast<size_t>(length))
            {
                DropPending();
                engine->FinishCmeError(WRITE_ERROR);
                return;
            }
            if (!FromHex(text, bytes))
            {
                DropPending();
                engine->FinishCmeError(INVALID);
                return;
            }
            units = static_cast<uint32_t>(bytes.size());
            break;
        case 0: // ascii, and escaped: <length> counts the characters typed
        default:
            if (length != 0 && text.size() != static_cast<size_t>(length))
            {
                DropPending();
                engine->FinishCmeError(WRITE_ERROR);
                return;
            }
            if (InputFormat() == 0)
            {
                bytes = text;
            }
            else if (!Unescape(text, bytes))
            {
                DropPending();
                engine->FinishCmeError(INVALID);
                return;
            }
            units = static_cast<uint32_t>(text.size());
            break;
    }
    if (units + remain > MAX_CREDENTIAL)
    {
        DropPending();
        engine->FinishCmeError(TOO_LARGE);
        return;
    }
    const uint32_t error = AddPacket(kind, name, static_cast<uint32_t>(remain), units, bytes);
    error == 0 ? engine->FinishOk() : engine->FinishCmeError(error);
}

uint32_t
OneMoCertificateCommands::AddPacket(CredentialKind kind,
                                    const std::string& name,
                                    uint32_t remain,
                                    uint32_t units,
                                    const std::string& bytes)
{
    NS_LOG_FUNCTION(this << name << remain << units << bytes.size());
    if (m_pending.active)
    {
        // A continuation: the previous packet announced exactly units + remain more.
        if (units > m_pending.remain || m_pending.remain - units != remain)
        {
            NS_LOG_INFO("write of \"" << name << "\": " << m_pending.remain << " announced, "
                                      << units << " sent with " << remain << " to come");
            DropPending();
            return WRITE_ERROR;
        }
        m_pending.data += bytes;
    }
    else
    {
        m_pending.active = true;
        m_pending.kind = kind;
        m_pending.name = name;
        m_pending.data = bytes;
    }
    m_pending.remain = remain;
    if (m_pending.data.size() > MAX_CREDENTIAL)
    {
        DropPending();
        return TOO_LARGE;
    }
    if (remain > 0)
    {
        m_pendingTimer.Cancel();
        m_pendingTimer =
            Simulator::Schedule(m_pendingTimeout, &OneMoCertificateCommands::PendingTimeout, this);
        return 0;
    }
    const std::string content = m_pending.data;
    DropPending();
    return Commit(kind, name, content);
}

uint32_t
OneMoCertificateCommands::Commit(CredentialKind kind,
                                 const std::string& name,
                                 const std::string& data)
{
    NS_LOG_FUNCTION(this << name << data.size());
    if (kind != CredentialKind::PSK)
    {
        const uint32_t pem = CheckPem(kind, data);
        if (pem != 0)
        {
            NS_LOG_INFO("\"" << name << "\" rejected with " << pem);
            return pem;
        }
    }
    const auto result =
        m_module->GetFileSystem()->Write(name,
                                         std::vector<uint8_t>(data.begin(), data.end()),
                                         true);
    if (result == ModuleFileSystem::Result::NO_SPACE)
    {
        return WRITE_ERROR;
    }
    if (result != ModuleFileSystem::Result::OK)
    {
        NS_LOG_INFO("file system refused \"" << name
                                             << "\": " << ModuleFileSystem::ResultToString(result));
        return UNKNOWN_ERROR;
    }
    m_index[name] = kind;
    NS_LOG_INFO("stored \"" << name << "\", " << data.size() << " bytes");
    return 0;
}

void
OneMoCertificateCommands::HandleRead(const AtCommand& command)
{
    NS_LOG_FUNCTION(this << command.GetText());
    Ptr<AtEngine> engine = m_module->GetAtEngine();
    if (command.GetForm() != AtCommand::WRITE)
    {
        engine->FinishError();
        return;
    }
    std::string name;
    if (command.GetParameterCount() != 1 || !GetName(command.GetParameter(0), name))
    {
        engine->FinishCmeError(PARAMETER_ERROR);
        return;
    }
    auto it = m_index.find(name);
    if (it == m_index.end())
    {
        engine->FinishCmeError(NOT_FOUND);
        return;
    }
    std::string content;
    // Footnote 7: a client private key cannot be read (nor, by the same logic, a PSK).
    if (it->second != CredentialKind::CERTIFICATE || !GetContent(name, content))
    {
        engine->FinishCmeError(READ_ERROR);
        return;
    }
    engine->SendInfo("+MSSLCERTRD: " + std::to_string(content.size()) + "," + content);
    engine->FinishOk();
}

void
OneMoCertificateCommands::HandleList(const AtCommand& command)
{
    NS_LOG_FUNCTION(this << command.GetText());
    Ptr<AtEngine> engine = m_module->GetAtEngine();
    if (command.GetForm() != AtCommand::WRITE)
    {
        engine->FinishError();
        return;
    }
    int64_t type = 0;
    if (command.GetParameterCount() != 1 || !command.GetParameter(0).GetInteger(type, 1, 3))
    {
        engine->FinishCmeError(PARAMETER_ERROR);
        return;
    }
    for (const auto& entry : m_index)
    {
        uint32_t size = 0;
        if (static_cast<int64_t>(entry.second) == type &&
            m_module->GetFileSystem()->GetFileSize(entry.first, size) ==
                ModuleFileSystem::Result::OK)
        {
            engine->SendInfo("+MSSLLIST: \"" + entry.first + "\"," + std::to_string(size));
        }
    }
    engine->FinishOk();
}

void
OneMoCertificateCommands::HandleRemove(const AtCommand& command)
{
    NS_LOG_FUNCTION(this << command.GetText());
    Ptr<AtEngine> engine = m_module->GetAtEngine();
    if (command.GetForm() != AtCommand::WRITE)
    {
        engine->FinishError();
        return;
    }
    std::string name;
    if (command.GetParameterCount() != 1 || !GetName(command.GetParameter(0), name))
    {
        engine->FinishCmeError(PARAMETER_ERROR);
        return;
    }
    if (m_pending.active && m_pending.name == name)
    {
        engine->FinishCmeError(WRITE_BUSY);
        return;
    }
    auto it = m_index.find(name);
    if (it == m_index.end())
    {
        engine->FinishCmeError(NOT_FOUND);
        return;
    }
    m_index.erase(it);
    if (m_module->GetFileSystem()->Delete(name) != ModuleFileSystem::Result::OK)
    {
        // The index knew the name but the flash no longer holds it.
        engine->FinishCmeError(DELETE_ERROR);
        return;
    }
    engine->FinishOk();
}

void
OneMoCertificateCommands::HandlePsk(const AtCommand& command)
{
    NS_LOG_FUNCTION(this << command.GetText());
    Ptr<AtEngine> engine = m_module->GetAtEngine();
    if (command.GetForm() != AtCommand::WRITE)
    {
        engine->FinishError();
        return;
    }
    std::string id;
    const AtParameter& psk = command.GetParameter(1);
    if (command.GetParameterCount() != 2 || !GetName(command.GetParameter(0), id) ||
        !psk.IsString() || psk.GetText().empty())
    {
        engine->FinishCmeError(PARAMETER_ERROR);
        return;
    }
    if (psk.GetText().size() > MAX_CREDENTIAL)
    {
        engine->FinishCmeError(TOO_LARGE);
        return;
    }
    const uint32_t busy = CheckWritable(CredentialKind::PSK, id);
    if (busy != 0)
    {
        engine->FinishCmeError(busy);
        return;
    }
    const uint32_t error = Commit(CredentialKind::PSK, id, psk.GetText());
    error == 0 ? engine->FinishOk() : engine->FinishCmeError(error);
}

void
OneMoCertificateCommands::HandleCheck(const AtCommand& command)
{
    NS_LOG_FUNCTION(this << command.GetText());
    Ptr<AtEngine> engine = m_module->GetAtEngine();
    const ModuleProfile& profile = m_module->GetProfile();
    if (command.GetForm() == AtCommand::TEST)
    {
        std::string list;
        for (uint32_t alg = 0; alg < 4; ++alg)
        {
            if (profile.IsCertCheckAlgorithmSupported(alg))
            {
                list += (list.empty() ? "" : ",") + std::to_string(alg);
            }
        }
        engine->SendInfo("+MSSLCHECK: ,(" + list + ")");
        engine->FinishOk();
        return;
    }
    if (command.GetForm() != AtCommand::WRITE)
    {
        engine->FinishError();
        return;
    }
    std::string name;
    int64_t alg = 0;
    const AtParameter& algParam = command.GetParameter(1);
    if (command.GetParameterCount() > 2 || !GetName(command.GetParameter(0), name) ||
        (!algParam.IsOmitted() && !algParam.GetInteger(alg, 0, 3)) ||
        !profile.IsCertCheckAlgorithmSupported(static_cast<uint32_t>(alg)))
    {
        engine->FinishCmeError(PARAMETER_ERROR);
        return;
    }
    if (m_index.count(name) == 0)
    {
        engine->FinishCmeError(NOT_FOUND);
        return;
    }
    std::string content;
    if (!GetContent(name, content))
    {
        engine->FinishCmeError(READ_ERROR);
        return;
    }
    engine->SendInfo("+MSSLCHECK: " + Digest(content, static_cast<uint32_t>(alg)));
    engine->FinishOk();
}

void
OneMoCertificateCommands::HandleCipher(const AtCommand& command)
{
    NS_LOG_FUNCTION(this << command.GetText());
    Ptr<AtEngine> engine = m_module->GetAtEngine();
    if (command.GetForm() != AtCommand::TEST)
    {
        engine->FinishError();
        return;
    }
    std::string list;
    for (uint16_t id : m_module->GetProfile().GetCipherSuites())
    {
        list += (list.empty() ? "" : ",") + OneMoSslCommands::FormatCipherId(id);
    }
    engine->SendInfo("+MSSLCIPHER: (" + list + ")");
    engine->FinishOk();
}

} // namespace lpwa
} // namespace ns3
