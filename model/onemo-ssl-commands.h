/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_ONEMO_SSL_COMMANDS_H
#define LPWA_ONEMO_SSL_COMMANDS_H

#include "at-command-set.h"
#include "at-command.h"
#include "tls-config.h"

#include "ns3/ptr.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

class LpwaModule;

/**
 * \brief The settings of one OneMO SSL context (`AT+MSSLCFG`), a plain record.
 *
 * Defaults are those of section 3.1 of the OneMO SSL AT command manual (V5.3.0). The settings
 * are not saved; on models whose profile sets IsSslStateLostOnDeepSleep() they are reset by
 * OneMoSslCommands::DeepSleepWake().
 */
struct OneMoSslContextConfig
{
    uint8_t certVerify{0};          //!< "auth": 0 none, 1 server, 2 server and client
    std::string serverCert;         //!< "cert" <srv_cert>: trusted CA name, "" = none
    std::string clientCert;         //!< "cert" <cli_cert>: client certificate name, "" = none
    std::string clientKey;          //!< "cert" <prv_key>: client key name, "" = none
    std::string pskId;              //!< "psk" <pskid>, "" = none
    uint8_t inputFormat{2};         //!< "encoding": 0 ascii, 1 hex, 2 escaped
    uint16_t negotiateTimeout{300}; //!< "negotime": seconds, 10-300
    uint8_t sslVersion{255};        //!< "version": 0 SSL3.0, 1 TLS1.0, 2 TLS1.1, 3 TLS1.2, 255 all
    uint16_t cipherSuite{0};        //!< "ciphersuite": IANA number, 0 = all of the profile's
    bool session{true};             //!< "session": session resumption
    bool ignoreStamp{true};         //!< "ignorestamp": ignore the certificate validity period
    bool ignoreVerify{false};       //!< "ignoreverify": ignore the verification result
};

/**
 * \brief The OneMO SSL configuration command `AT+MSSLCFG` with its ten sub-commands (section
 *        3.1 of the OneMO SSL AT command manual).
 *
 * Forms: `AT+MSSLCFG="<cmd>"` lists the setting of every SSL ID, `AT+MSSLCFG="<cmd>",<id>`
 * queries one, `AT+MSSLCFG="<cmd>",<id>,<value>...` sets it; `AT+MSSLCFG=?` lists the
 * supported `<cmd>`s. SSL IDs run from 0 to the profile's SSL context count - 1 (0-5, NB-IoT
 * series 0-4). `"psk"` exists only where the profile has pre-shared keys (not on the 4G
 * series). `"encoding"` accepts only the profile's input encodings. `"ciphersuite"` takes a hex
 * number with or without `0x` (`2D`, `0x2D`, quoted or not) that is 0 or one of the profile's
 * suites, and is printed as `0x` with at least two upper-case digits (`0x01`, `0xC02F`).
 * `"cert"` takes one to three quoted names (omitted ones are cleared); a name that exists as the
 * wrong kind of credential (a key as `<srv_cert>`...) gives 769. Every other parameter error
 * (unknown `<cmd>`, ID or value out of range, wrong lexical kind, name over 64 bytes) gives
 * `+CME ERROR: 50`; forms the manual does not list (`AT+MSSLCFG?`, `AT+MSSLCFG`) give `ERROR`.
 */
class OneMoSslCommands : public AtCommandSet
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    OneMoSslCommands();
    ~OneMoSslCommands() override;

    void Install(Ptr<LpwaModule> module) override;
    void PowerOff() override;

    /**
     * \brief Get the settings of one SSL context.
     * \param id the SSL ID, below the profile's SSL context count
     * \return the settings (aborts on an ID out of range)
     */
    const OneMoSslContextConfig& GetContext(uint8_t id) const;

    /// \brief \return the number of SSL IDs (0 before Install())
    uint32_t GetContextCount() const;

    /// \brief Reset every SSL context to the manual's defaults.
    void ResetAll();

    /**
     * \brief The module woke from deep sleep. On a profile with IsSslStateLostOnDeepSleep()
     *        (MN316/MN326 note of section 3.1), every SSL setting is reset and every
     *        certificate, key and PSK written through OneMoCertificateCommands is deleted.
     * \return true if the SSL state was lost
     */
    bool DeepSleepWake();

    /**
     * \brief Format a cipher-suite ID the OneMO way.
     * \param id the IANA number
     * \return `0x` and at least two upper-case hex digits: `0x01`, `0x3D`, `0xC02F`
     */
    static std::string FormatCipherId(uint16_t id);

    /**
     * \brief Build the TLS client configuration of an `AT+MIPOPEN` on an SSL channel from an
     *        SSL context (used by OneMoSocketCommands).
     *
     * - "version": 0 SSL 3.0 (OpenSSL 3 has none: the handshake fails), 1/2/3 TLS 1.0/1.1/1.2,
     *   255 TLS 1.0 to 1.2; always `@SECLEVEL=0` (the module offers what its manual lists).
     * - "ciphersuite": 0 -> every suite of the profile OpenSSL can offer; an ID -> its OpenSSL
     *   name (CipherSuiteTable). If OpenSSL cannot offer that one suite, `suiteUnavailable` is
     *   set and the caller fails the handshake as the server would.
     * - "auth": 0 no verification; 1 verify the server against the `<srv_cert>` CA; 2 also
     *   present the `<cli_cert>` chain and `<prv_key>`. "ignoreverify" 1 loads the CA but does
     *   not act on the verification result. No host name check (the manual has none); SNI is
     *   the host name (not for IPv4 literals).
     * - "ignorestamp" 0: validity periods are checked at the module clock.
     * - "session": session resumption offered. "psk" (profiles with IsSslPskSupported()): the
     *   PSK stored under `<pskid>` by `AT+MSSLPSK` (hex digits -> bytes, else the bytes typed).
     * Credentials come from OneMoCertificateCommands when installed, else straight from the
     * module file system.
     * \param module the module
     * \param cfg the SSL context
     * \param host the host as typed
     * \param[out] config the configuration
     * \param[out] suiteUnavailable true if the single suite configured cannot be offered
     * \return "" or why the context is unusable (a credential is missing or unreadable)
     */
    static std::string BuildTlsConfig(Ptr<LpwaModule> module,
                                      const OneMoSslContextConfig& cfg,
                                      const std::string& host,
                                      TlsConfig& config,
                                      bool& suiteUnavailable);

  protected:
    void DoDispose() override;

  private:
    /// \brief Handle `AT+MSSLCFG`. \param command the command
    void HandleMsslcfg(const AtCommand& command);
    /**
     * \brief Apply a set form.
     * \param sub the sub-command (lower case)
     * \param command the command
     * \param config the context to change
     * \return 0 on success, else the CME error code
     */
    uint32_t Set(const std::string& sub, const AtCommand& command, OneMoSslContextConfig& config);
    /**
     * \brief Format one setting as a query prints it.
     * \param sub the sub-command
     * \param config the context
     * \return the value text after `<ssl_id>,`
     */
    static std::string Format(const std::string& sub, const OneMoSslContextConfig& config);
    /// \brief \return the sub-commands this profile supports, in the manual's order
    std::vector<std::string> SupportedSubCommands() const;

    Ptr<LpwaModule> m_module;                      //!< the module
    std::vector<OneMoSslContextConfig> m_contexts; //!< one per SSL ID
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_ONEMO_SSL_COMMANDS_H
