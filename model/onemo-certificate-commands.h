/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_ONEMO_CERTIFICATE_COMMANDS_H
#define LPWA_ONEMO_CERTIFICATE_COMMANDS_H

#include "at-command-set.h"
#include "at-command.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <map>
#include <string>

namespace ns3
{
namespace lpwa
{

class LpwaModule;

/**
 * \brief The OneMO certificate, key and PSK commands (sections 3.2-3.9 of the OneMO SSL AT
 *        command manual): `AT+MSSLCERTWR`, `AT+MSSLKEYWR`, `AT+MSSLCERTRD`, `AT+MSSLLIST`,
 *        `AT+MSSLRM`, `AT+MSSLPSK`, `AT+MSSLCHECK` and `AT+MSSLCIPHER`.
 *
 * Credentials are files of the module's ModuleFileSystem, named as typed (1-64 bytes, no `:`
 * and nothing the file system rejects); this set remembers which names are certificates,
 * private keys and PSKs. A name is one kind only: writing a key under a certificate's name
 * (or a PSK under either) gives 763.
 *
 * Writes: `AT+MSSLCERTWR=<name>,<remain_length>,<length>[,<data>]` (and `AT+MSSLKEYWR`).
 * Without `<data>` the module prompts `>` and reads exactly `<length>` raw bytes (not on
 * profiles without IsCertDataModeSupported(): 50; `<length>` 0: 50; input timeout: 764). With
 * `<data>` (a quoted string) the data is decoded with the `"encoding"` setting of SSL ID 0
 * (OneMoSslCommands; escaped if that set is absent): ascii as typed, hex two digits per byte,
 * escaped with `\r \n \t \\` (another escape or a bad hex digit: 761); each packet is
 * decoded on its own, so an escape or a hex pair cannot straddle two packets. A non-zero
 * `<length>` must equal the typed length (ascii, escaped) or half of it (hex), else 764.
 * `<length>` and `<remain_length>` count in those units; `<remain_length>` is what is still to
 * come after this packet, so every continuation packet must satisfy previous remain = length +
 * remain, else 764 (longer than announced, or ended short). A write completes with the packet whose
 * `<remain_length>` is 0; only then is the content checked (not PEM: 761; a PEM block of the
 * right type that OpenSSL cannot load, e.g. an encrypted key: 769) and stored, replacing an
 * older file of the name. Any failure drops the pending write and leaves the old file as it
 * was; so does `PendingWriteTimeout` without the next packet. While a multi-packet write is
 * pending, a write (or PSK, or removal) of another name gives 765. More than 8192 bytes
 * (announced or stored) gives 768.
 *
 * Errors are `+CME ERROR: <code>` (subject to `AT+CMEE`); forms a command does not have
 * answer `ERROR`, and so do `AT+MSSLPSK` and `AT+MSSLCIPHER` on profiles without them (they are
 * not registered).
 */
class OneMoCertificateCommands : public AtCommandSet
{
  public:
    /// What a stored name holds.
    enum class CredentialKind : uint8_t
    {
        CERTIFICATE = 1, //!< a certificate (`AT+MSSLLIST=1`)
        PRIVATE_KEY = 2, //!< a private key (`AT+MSSLLIST=2`)
        PSK = 3,         //!< a pre-shared key (`AT+MSSLLIST=3`)
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    OneMoCertificateCommands();
    ~OneMoCertificateCommands() override;

    void Install(Ptr<LpwaModule> module) override;

    /**
     * \brief Find what a name holds.
     * \param name the certificate, key or PSK id name
     * \param[out] kind its kind, if found
     * \return true if the name was written through these commands and is still stored
     */
    bool GetKind(const std::string& name, CredentialKind& kind) const;

    /**
     * \brief Read a stored credential.
     * \param name the name
     * \param[out] content its bytes (the PSK value for a PSK)
     * \return true if found
     */
    bool GetContent(const std::string& name, std::string& content) const;

    /// \brief Delete every certificate, key and PSK written through these commands and drop a
    ///        pending write.
    void ResetAll();

    /**
     * \brief The `AT+MSSLCHECK` digest of some data.
     * \param data the bytes
     * \param algorithm 0 MD5, 1 SHA-1, 2 SHA-256, 3 CRC-32
     * \return lower-case hex (CRC-32: 8 digits), or "" for another algorithm
     */
    static std::string Digest(const std::string& data, uint32_t algorithm);

  protected:
    void DoDispose() override;

  private:
    /// A multi-packet write waiting for its next packet.
    struct PendingWrite
    {
        bool active{false};                               //!< a write is pending
        CredentialKind kind{CredentialKind::CERTIFICATE}; //!< what is written
        std::string name;                                 //!< the name
        std::string data;                                 //!< bytes received so far
        uint32_t remain{0};                               //!< announced units still to come
    };

    /// \brief Handle `AT+MSSLCERTWR` / `AT+MSSLKEYWR`. \param kind what \param command the command
    void HandleWrite(CredentialKind kind, const AtCommand& command);
    /**
     * \brief Add one packet to a write and complete it if it is the last.
     * \param kind what is written
     * \param name the name
     * \param remain the packet's `<remain_length>`
     * \param units the packet's length in announced units
     * \param bytes the decoded bytes
     * \return 0 on success, else the CME error code
     */
    uint32_t AddPacket(CredentialKind kind,
                       const std::string& name,
                       uint32_t remain,
                       uint32_t units,
                       const std::string& bytes);
    /**
     * \brief Check and store a complete credential.
     * \param kind what
     * \param name the name
     * \param data the content
     * \return 0 on success, else the CME error code
     */
    uint32_t Commit(CredentialKind kind, const std::string& name, const std::string& data);
    /// \brief Handle `AT+MSSLCERTRD`. \param command the command
    void HandleRead(const AtCommand& command);
    /// \brief Handle `AT+MSSLLIST`. \param command the command
    void HandleList(const AtCommand& command);
    /// \brief Handle `AT+MSSLRM`. \param command the command
    void HandleRemove(const AtCommand& command);
    /// \brief Handle `AT+MSSLPSK`. \param command the command
    void HandlePsk(const AtCommand& command);
    /// \brief Handle `AT+MSSLCHECK`. \param command the command
    void HandleCheck(const AtCommand& command);
    /// \brief Handle `AT+MSSLCIPHER`. \param command the command
    void HandleCipher(const AtCommand& command);
    /**
     * \brief Read a name parameter: a quoted string of 1-64 bytes the file system accepts.
     * \param p the parameter
     * \param[out] name the name
     * \return true if valid
     */
    bool GetName(const AtParameter& p, std::string& name) const;
    /**
     * \brief The error for writing `name` as `kind` now: 765 (another write pending), 763
     *        (another kind, or a file not written by these commands, has the name), or 0.
     * \param kind what would be written
     * \param name the name
     * \return the code or 0
     */
    uint32_t CheckWritable(CredentialKind kind, const std::string& name) const;
    /// \brief Drop the pending write, if any.
    void DropPending();
    /// \brief The pending write timed out.
    void PendingTimeout();
    /// \brief \return the `"encoding"` of SSL ID 0 (2 if OneMoSslCommands is absent)
    uint8_t InputFormat() const;

    Ptr<LpwaModule> m_module;                      //!< the module
    std::map<std::string, CredentialKind> m_index; //!< stored names and their kinds
    PendingWrite m_pending;                        //!< the multi-packet write in progress
    EventId m_pendingTimer;                        //!< PendingWriteTimeout
    Time m_pendingTimeout;                         //!< PendingWriteTimeout attribute
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_ONEMO_CERTIFICATE_COMMANDS_H
