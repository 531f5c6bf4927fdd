/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_ONEMO_SOCKET_COMMANDS_H
#define LPWA_ONEMO_SOCKET_COMMANDS_H

#include "at-command-set.h"
#include "at-command.h"
#include "module-socket.h"

#include "ns3/nstime.h"
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
 * \brief China Mobile OneMO (ML307/ML302/MN316) TCP/IP socket commands: `AT+MIPCFG`
 *        (`"ssl"`, `"encoding"`), `AT+MIPOPEN`, `AT+MIPSEND`, `AT+MIPREAD` (alias `AT+MIPRD`),
 *        `AT+MIPCLOSE`, `AT+MIPSTATE`.
 *
 * One ModuleSocket per connect ID (0 to ModuleProfile::GetSocketCount() - 1) carries the
 * data; this class formats its events:
 * - `AT+MIPOPEN=<id>,"TCP"|"UDP","<host>",<port>[,<local_port>[,<mode>]]`: OK, then
 *   `+MIPOPEN: <id>,<err>` (0 connected; 552 ID in use, 570 PDP context not active, 580 DNS
 *   failure, 555 bind failure, 557 refused, 558 timed out, 751 SSL enabled on the ID: the TLS
 *   engine is not wired to this command set yet). Host names go through the module's
 *   DnsResolver. `<mode>` 0 (default) pushes received data in URCs, 1 buffers it for
 *   `AT+MIPREAD`.
 * - `AT+MIPSEND=<id>,<len>` -> `>` -> exactly `<len>` raw bytes; `AT+MIPSEND=<id>` -> `>` ->
 *   bytes up to CTRL+Z; `AT+MIPSEND=<id>,<len>,<data>` with `<data>` in the send encoding.
 *   Each answers OK, then `+MIPSEND: <id>,<len>`.
 * - URCs: `+MIPURC: "rtcp",<id>,<len>,<data>` (UDP: `"rudp"`) in push mode with the data in
 *   the receive encoding, in chunks of at most ModuleProfile::GetMaxReadLength() bytes;
 *   `+MIPURC: "recv",<id>,<len>` in buffer mode; `+MIPURC: "disconn",<id>,<reason>` with
 *   reason 1 (peer closed) or 3 (PDP context deactivated); `+MIPCLOSE: <id>` after
 *   `AT+MIPCLOSE`.
 * - After "disconn" the ID is released at once, unless buffered data is still unread: then it
 *   stays "CLOSING" until it is read or the host closes it.
 *
 * Encodings (`AT+MIPCFG="encoding",<id>,<send>,<recv>`): 0 ASCII (raw bytes), 1 hex (two
 * digits per byte; the module writes upper case), 2 escaped string (`\r`, `\n`, `\t`, `\\`,
 * `\"`, `\0` and `\xHH`). Errors are recorded with LpwaModule::SetLastError() and answered as
 * CME errors: 50 bad parameter, 551 ID not in use, 553 not connected, 560 socket write failed.
 */
class OneMoSocketCommands : public AtCommandSet
{
  public:
    /// The data encoding of a connect ID, per direction.
    enum Encoding : uint8_t
    {
        ASCII = 0,  //!< raw bytes
        HEX = 1,    //!< two hex digits per byte
        ESCAPED = 2 //!< escaped string
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    OneMoSocketCommands();
    ~OneMoSocketCommands() override;

    void Install(Ptr<LpwaModule> module) override;

    /**
     * \brief Get the socket of a connect ID.
     * \param connectId the ID
     * \return the socket, or nullptr outside the profile's range
     */
    Ptr<ModuleSocket> GetSocket(uint32_t connectId) const;

    /**
     * \brief Encode bytes for the host.
     * \param data the bytes
     * \param encoding the encoding
     * \return the text
     */
    static std::string Encode(const std::string& data, Encoding encoding);

    /**
     * \brief Decode text from the host.
     * \param text the text
     * \param encoding the encoding
     * \param[out] data the bytes
     * \return false if the text is not valid in that encoding
     */
    static bool Decode(const std::string& text, Encoding encoding, std::string& data);

  protected:
    void DoDispose() override;

  private:
    /// Per connect ID configuration and bookkeeping.
    struct Channel
    {
        bool sslEnabled{false};       //!< AT+MIPCFG="ssl" <enable>
        uint32_t sslId{0};            //!< AT+MIPCFG="ssl" <ssl_id>
        Encoding sendEncoding{ASCII}; //!< AT+MIPCFG="encoding" <send>
        Encoding recvEncoding{ASCII}; //!< AT+MIPCFG="encoding" <recv>
        std::string host;             //!< host as given to AT+MIPOPEN
        uint64_t openSeq{0};          //!< invalidates stale open callbacks
        Time openStart;               //!< when the connect started
    };

    void ReportOpen(uint32_t id, uint32_t err);
    void OnReceive(uint32_t id, uint32_t count);
    void OnPeerClose(uint32_t id);
    void OnPdpDeactivated(uint32_t cid, bool byNetwork);
    void Disconnected(uint32_t id, uint32_t reason, bool abortConnection);
    void Release(uint32_t id);
    void SendDone(uint32_t id, const std::string& data);
    bool ParseId(const AtParameter& p, uint32_t& id) const;
    std::string StateLine(uint32_t id) const;
    void Fail(uint32_t code);

    void Mipcfg(const AtCommand& c);
    void Mipopen(const AtCommand& c);
    void Mipsend(const AtCommand& c);
    void Mipread(const AtCommand& c, const std::string& prefix);
    void Mipclose(const AtCommand& c);
    void Mipstate(const AtCommand& c);

    Ptr<LpwaModule> m_module;                 //!< the module
    std::vector<Ptr<ModuleSocket>> m_sockets; //!< by connect ID
    std::vector<Channel> m_channels;          //!< by connect ID
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_ONEMO_SOCKET_COMMANDS_H
