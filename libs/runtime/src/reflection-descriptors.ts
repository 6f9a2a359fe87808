import type { PackageDefinition } from '@grpc/proto-loader';
import * as descriptor from 'protobufjs/ext/descriptor';

interface MessageDescriptor {
  name: string;
  field: { name: string; typeName?: string }[];
  nestedType: (MessageDescriptor & { options?: { mapEntry?: boolean } })[];
}

/** What protoc names the entry message of a map field: `task_type_scores` → `TaskTypeScoresEntry`. */
function mapEntryName(fieldName: string): string {
  return `${fieldName.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase())}Entry`;
}

/**
 * protobufjs (behind proto-loader) describes a map field's entry message by
 * the field's own name ("Metadata", referred to unqualified), where protoc
 * writes "MetadataEntry", fully qualified; Go clients such as grpcurl then
 * reject every service that uses the message. Renames them as protoc would.
 */
function fixMapEntries(message: MessageDescriptor, scope: string): void {
  const path = `${scope}.${message.name}`;
  for (const nested of message.nestedType) {
    if (!nested.options?.mapEntry) continue;
    const field = message.field.find((f) => f.typeName === nested.name || f.typeName === `${path}.${nested.name}`.slice(1));
    if (!field) continue;
    nested.name = mapEntryName(field.name);
    field.typeName = `${path}.${nested.name}`;
  }
  for (const nested of message.nestedType) if (!nested.options?.mapEntry) fixMapEntries(nested, path);
}

/** The package definition with its file descriptors as protoc would have written them, for server reflection. */
export function reflectableDefinition(definition: PackageDefinition): PackageDefinition {
  const fixed = new Map<Buffer, Buffer>();
  const rewrite = (bytes: Buffer): Buffer => {
    let out = fixed.get(bytes);
    if (!out) {
      const file = descriptor.FileDescriptorProto.decode(bytes) as unknown as { package: string; messageType: MessageDescriptor[] };
      for (const message of file.messageType) fixMapEntries(message, `.${file.package}`);
      out = Buffer.from(descriptor.FileDescriptorProto.encode(file as never).finish());
      fixed.set(bytes, out);
    }
    return out;
  };
  return Object.fromEntries(
    Object.entries(definition).map(([name, entry]) => {
      if (!('fileDescriptorProtos' in entry)) return [name, entry];
      return [name, { ...entry, fileDescriptorProtos: (entry.fileDescriptorProtos as Buffer[]).map(rewrite) }];
    }),
  ) as PackageDefinition;
}
