// SPDX-License-Identifier: AGPL-3.0-or-later
#include "MsgPack.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cmath>
#include <cstring>
#include <limits>

namespace smmo::bots::MsgPack {

namespace {

// MessagePack is big-endian throughout.
void putBig(QByteArray &out, quint64 value, int bytes)
{
    for (int i = bytes - 1; i >= 0; --i)
        out.append(char((value >> (8 * i)) & 0xff));
}

void encodeInteger(QByteArray &out, qint64 v)
{
    if (v >= 0) {
        if (v < 0x80)
            out.append(char(v));
        else if (v <= 0xff)
            out.append(char(0xcc)), putBig(out, quint64(v), 1);
        else if (v <= 0xffff)
            out.append(char(0xcd)), putBig(out, quint64(v), 2);
        else if (v <= 0xffffffffLL)
            out.append(char(0xce)), putBig(out, quint64(v), 4);
        else
            out.append(char(0xcf)), putBig(out, quint64(v), 8);
    } else {
        if (v >= -32)
            out.append(char(0xe0 | (v + 32)));
        else if (v >= -128)
            out.append(char(0xd0)), putBig(out, quint64(v), 1);
        else if (v >= -32768)
            out.append(char(0xd1)), putBig(out, quint64(v), 2);
        else if (v >= -2147483648LL)
            out.append(char(0xd2)), putBig(out, quint64(v), 4);
        else
            out.append(char(0xd3)), putBig(out, quint64(v), 8);
    }
}

void encodeDouble(QByteArray &out, double d)
{
    // Whole numbers that fit go as integers, which is what JavaScript's encoders do too.
    if (std::isfinite(d) && d == std::floor(d) && std::abs(d) < 9007199254740992.0) {
        encodeInteger(out, qint64(d));
        return;
    }
    quint64 bits;
    std::memcpy(&bits, &d, sizeof bits);
    out.append(char(0xcb));
    putBig(out, bits, 8);
}

void encodeLength(QByteArray &out, qsizetype n, quint8 fix, int fixLimit, quint8 c8, quint8 c16, quint8 c32)
{
    if (n < fixLimit)
        out.append(char(fix | quint8(n)));
    else if (c8 && n <= 0xff)
        out.append(char(c8)), putBig(out, quint64(n), 1);
    else if (n <= 0xffff)
        out.append(char(c16)), putBig(out, quint64(n), 2);
    else
        out.append(char(c32)), putBig(out, quint64(n), 4);
}

class Reader
{
public:
    Reader(const QByteArray &data, qsizetype offset) : m_data(data), m_at(offset) {}
    qsizetype at() const { return m_at; }

    bool big(int bytes, quint64 *value)
    {
        if (m_at + bytes > m_data.size())
            return false;
        quint64 v = 0;
        for (int i = 0; i < bytes; ++i)
            v = (v << 8) | quint8(m_data[m_at + i]);
        m_at += bytes;
        *value = v;
        return true;
    }
    bool bytes(quint64 n, QByteArray *out)
    {
        if (n > quint64(m_data.size() - m_at))
            return false;
        *out = m_data.mid(m_at, qsizetype(n));
        m_at += qsizetype(n);
        return true;
    }

    bool value(QJsonValue *out, int depth = 0)
    {
        if (depth > 64 || m_at >= m_data.size())
            return false;
        const quint8 c = quint8(m_data[m_at++]);
        quint64 n = 0;
        if (c < 0x80)
            return *out = int(c), true;
        if (c >= 0xe0)
            return *out = int(c) - 256, true;
        if ((c & 0xe0) == 0xa0)
            return text(c & 0x1f, out);
        if ((c & 0xf0) == 0x90)
            return array(c & 0x0f, out, depth);
        if ((c & 0xf0) == 0x80)
            return map(c & 0x0f, out, depth);
        switch (c) {
        case 0xc0:
            return *out = QJsonValue::Null, true;
        case 0xc2:
            return *out = false, true;
        case 0xc3:
            return *out = true, true;
        case 0xc4:
        case 0xc5:
        case 0xc6: {
            QByteArray raw;
            if (!big(1 << (c - 0xc4), &n) || !bytes(n, &raw))
                return false;
            return *out = QString::fromLatin1(raw), true;
        }
        case 0xc7:
        case 0xc8:
        case 0xc9: { // ext 8/16/32: length, type, data
            QByteArray raw;
            quint64 type;
            if (!big(1 << (c - 0xc7), &n) || !big(1, &type) || !bytes(n, &raw))
                return false;
            return *out = QJsonValue::Null, true;
        }
        case 0xca: {
            if (!big(4, &n))
                return false;
            const quint32 bits = quint32(n);
            float f;
            std::memcpy(&f, &bits, sizeof f);
            return *out = double(f), true;
        }
        case 0xcb: {
            if (!big(8, &n))
                return false;
            double d;
            std::memcpy(&d, &n, sizeof d);
            return *out = d, true;
        }
        case 0xcc:
        case 0xcd:
        case 0xce:
        case 0xcf:
            if (!big(1 << (c - 0xcc), &n))
                return false;
            return *out = double(n), true;
        case 0xd0:
        case 0xd1:
        case 0xd2:
        case 0xd3: {
            const int size = 1 << (c - 0xd0);
            if (!big(size, &n))
                return false;
            // Sign-extend from the encoded width.
            const int unused = 64 - 8 * size;
            const qint64 v = qint64(n << unused) >> unused;
            return *out = double(v), true;
        }
        case 0xd4:
        case 0xd5:
        case 0xd6:
        case 0xd7:
        case 0xd8: { // fixext 1..16
            QByteArray raw;
            quint64 type;
            if (!big(1, &type) || !bytes(quint64(1) << (c - 0xd4), &raw))
                return false;
            return *out = QJsonValue::Null, true;
        }
        case 0xd9:
        case 0xda:
        case 0xdb:
            return big(1 << (c - 0xd9), &n) && text(n, out);
        case 0xdc:
        case 0xdd:
            return big(2 << (c - 0xdc), &n) && array(n, out, depth);
        case 0xde:
        case 0xdf:
            return big(2 << (c - 0xde), &n) && map(n, out, depth);
        default:
            return false; // 0xc1 is never used
        }
    }

private:
    bool text(quint64 n, QJsonValue *out)
    {
        QByteArray raw;
        if (!bytes(n, &raw))
            return false;
        *out = QString::fromUtf8(raw);
        return true;
    }
    bool array(quint64 n, QJsonValue *out, int depth)
    {
        if (n > quint64(m_data.size() - m_at)) // every element takes at least a byte
            return false;
        QJsonArray list;
        for (quint64 i = 0; i < n; ++i) {
            QJsonValue item;
            if (!value(&item, depth + 1))
                return false;
            list.append(item);
        }
        *out = list;
        return true;
    }
    bool map(quint64 n, QJsonValue *out, int depth)
    {
        if (n > quint64(m_data.size() - m_at) / 2)
            return false;
        QJsonObject object;
        for (quint64 i = 0; i < n; ++i) {
            QJsonValue key, item;
            if (!value(&key, depth + 1) || !value(&item, depth + 1))
                return false;
            object.insert(key.isString() ? key.toString() : QString::number(key.toDouble()), item);
        }
        *out = object;
        return true;
    }

    const QByteArray &m_data;
    qsizetype m_at;
};

} // namespace

void encodeString(QByteArray &out, const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    encodeLength(out, utf8.size(), 0xa0, 32, 0xd9, 0xda, 0xdb);
    out.append(utf8);
}

void encodeInto(QByteArray &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out.append(char(0xc0));
        break;
    case QJsonValue::Bool:
        out.append(char(value.toBool() ? 0xc3 : 0xc2));
        break;
    case QJsonValue::Double:
        if (value.isDouble() && value.toVariant().typeId() == QMetaType::LongLong)
            encodeInteger(out, value.toInteger());
        else
            encodeDouble(out, value.toDouble());
        break;
    case QJsonValue::String:
        encodeString(out, value.toString());
        break;
    case QJsonValue::Array: {
        const QJsonArray list = value.toArray();
        encodeLength(out, list.size(), 0x90, 16, 0, 0xdc, 0xdd);
        for (const auto &item : list)
            encodeInto(out, item);
        break;
    }
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        encodeLength(out, object.size(), 0x80, 16, 0, 0xde, 0xdf);
        for (auto it = object.begin(); it != object.end(); ++it) {
            encodeString(out, it.key());
            encodeInto(out, it.value());
        }
        break;
    }
    }
}

QByteArray encode(const QJsonValue &value)
{
    QByteArray out;
    encodeInto(out, value);
    return out;
}

bool decode(const QByteArray &data, qsizetype *offset, QJsonValue *value)
{
    Reader reader(data, *offset);
    QJsonValue result;
    if (!reader.value(&result))
        return false;
    *offset = reader.at();
    *value = result;
    return true;
}

QJsonValue decode(const QByteArray &data)
{
    qsizetype offset = 0;
    QJsonValue value;
    if (!decode(data, &offset, &value) || offset != data.size())
        return QJsonValue(QJsonValue::Undefined);
    return value;
}

bool Scanner::big(qsizetype at, int bytes, quint64 *value) const
{
    if (at + bytes > m_data.size())
        return false;
    quint64 v = 0;
    for (int i = 0; i < bytes; ++i)
        v = (v << 8) | quint8(m_data[at + i]);
    *value = v;
    return true;
}

bool Scanner::header(quint8 fixBase, quint8 fixMask, quint8 code16, quint64 *size)
{
    if (atEnd())
        return false;
    const quint8 c = quint8(m_data[m_at]);
    if ((c & quint8(~fixMask)) == fixBase) {
        *size = c & fixMask;
        ++m_at;
        return true;
    }
    if (c != code16 && c != code16 + 1)
        return false;
    const int bytes = c == code16 ? 2 : 4;
    if (!big(m_at + 1, bytes, size))
        return false;
    m_at += 1 + bytes;
    return true;
}

bool Scanner::arrayHeader(quint64 *size)
{
    return header(0x90, 0x0f, 0xdc, size);
}

bool Scanner::mapHeader(quint64 *size)
{
    return header(0x80, 0x0f, 0xde, size);
}

bool Scanner::string(QByteArrayView *bytes)
{
    if (atEnd())
        return false;
    const quint8 c = quint8(m_data[m_at]);
    quint64 n = 0;
    qsizetype start = m_at + 1;
    if ((c & 0xe0) == 0xa0) {
        n = c & 0x1f;
    } else if (c >= 0xd9 && c <= 0xdb) {
        const int width = 1 << (c - 0xd9);
        if (!big(start, width, &n))
            return false;
        start += width;
    } else {
        return false;
    }
    if (n > quint64(m_data.size() - start))
        return false;
    *bytes = m_data.sliced(start, qsizetype(n));
    m_at = start + qsizetype(n);
    return true;
}

bool Scanner::integer(qint64 *value)
{
    if (atEnd())
        return false;
    const quint8 c = quint8(m_data[m_at]);
    quint64 n = 0;
    if (c < 0x80 || c >= 0xe0) {
        *value = c < 0x80 ? qint64(c) : qint64(c) - 256;
        ++m_at;
        return true;
    }
    if (c >= 0xcc && c <= 0xd3) {
        const int width = 1 << ((c - 0xcc) & 3);
        if (!big(m_at + 1, width, &n))
            return false;
        if (c <= 0xcf) {
            *value = qint64(n);
        } else {
            const int unused = 64 - 8 * width;
            *value = qint64(n << unused) >> unused;
        }
        m_at += 1 + width;
        return true;
    }
    if (c == 0xca || c == 0xcb) {
        const int width = c == 0xca ? 4 : 8;
        if (!big(m_at + 1, width, &n))
            return false;
        double d;
        if (width == 4) {
            const quint32 bits = quint32(n);
            float f;
            std::memcpy(&f, &bits, sizeof f);
            d = f;
        } else {
            std::memcpy(&d, &n, sizeof d);
        }
        if (!std::isfinite(d) || d != std::floor(d))
            return false;
        *value = qint64(d);
        m_at += 1 + width;
        return true;
    }
    return false;
}

bool Scanner::skip(int depth)
{
    if (depth > 64 || atEnd())
        return false;
    const quint8 c = quint8(m_data[m_at]);
    quint64 n = 0;
    qint64 ignored = 0;
    QByteArrayView bytes;
    if (c < 0x80 || c >= 0xe0 || (c >= 0xcc && c <= 0xd3))
        return integer(&ignored);
    if ((c & 0xe0) == 0xa0 || (c >= 0xd9 && c <= 0xdb))
        return string(&bytes);
    const qsizetype start = m_at;
    const bool array = (c & 0xf0) == 0x90 || c == 0xdc || c == 0xdd;
    const bool map = (c & 0xf0) == 0x80 || c == 0xde || c == 0xdf;
    if (array || map) {
        if (!(array ? arrayHeader(&n) : mapHeader(&n)))
            return false;
        const quint64 items = map ? 2 * n : n;
        for (quint64 i = 0; i < items; ++i) {
            if (!skip(depth + 1)) {
                m_at = start;
                return false;
            }
        }
        return true;
    }
    qsizetype size = 0;
    switch (c) {
    case 0xc0:
    case 0xc2:
    case 0xc3:
        size = 1;
        break;
    case 0xca:
    case 0xcb: // float 32/64
        size = c == 0xca ? 5 : 9;
        break;
    case 0xc4:
    case 0xc5:
    case 0xc6: { // bin 8/16/32
        const int width = 1 << (c - 0xc4);
        if (!big(m_at + 1, width, &n))
            return false;
        size = 1 + width + qsizetype(n);
        break;
    }
    case 0xc7:
    case 0xc8:
    case 0xc9: { // ext 8/16/32: length, type, data
        const int width = 1 << (c - 0xc7);
        if (!big(m_at + 1, width, &n))
            return false;
        size = 1 + width + 1 + qsizetype(n);
        break;
    }
    case 0xd4:
    case 0xd5:
    case 0xd6:
    case 0xd7:
    case 0xd8: // fixext 1..16
        size = 2 + (qsizetype(1) << (c - 0xd4));
        break;
    default:
        return false;
    }
    if (n > quint64(m_data.size()) || m_at + size > m_data.size())
        return false;
    m_at += size;
    return true;
}

} // namespace smmo::bots::MsgPack
