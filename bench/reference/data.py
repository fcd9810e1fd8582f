"""The data rows of the performance suite, PyTorch's side, written the way a PyTorch user runs them (torchvision's
ImageFolder / CIFAR-10 recipe, without torchvision, which Debian's python3-torch does not bring): a Dataset whose
__getitem__ decodes or transforms one image, and a DataLoader with as many worker processes as the row's threads.
  - data-decode: every JPEG of an image folder decoded with PIL (as torchvision's default loader) into one uint8
    tensor [N, 3, H, W]; NasSharp's side: src/NasSharp/Data/ImageFolder.cs Load (SkiaSharp, a Parallel.For).
  - data-augment: one shuffled epoch of batches of 96 from decoded images: RandomCrop(32, padding=4),
    RandomHorizontalFlip, ToTensor, Normalize(mean, std of the data) per image, then collated; NasSharp's side:
    src/NasSharp/Data/BatchLoader.cs Epoch (the same augmentation per batch).
The worker processes' memory is not in peak_rss_mb (the main process's only).
"""
import os

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from torch.utils.data import DataLoader, Dataset

BATCH = 96


def folder():
    return os.path.join(os.environ.get("NASSHARP_DATA", "../shared/data"), "cifar-10-jpeg-q75", "test")


def files(root):
    classes = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    return [(os.path.join(root, c, f), i) for i, c in enumerate(classes) for f in sorted(os.listdir(os.path.join(root, c)))]


class Decoded(Dataset):
    def __init__(self, items):
        self.items = items

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        path, label = self.items[i]
        with open(path, "rb") as f:
            image = Image.open(f).convert("RGB")
        return torch.from_numpy(np.asarray(image).copy()).permute(2, 0, 1), label


def decode_all(items, workers):
    loader = DataLoader(Decoded(items), batch_size=500, num_workers=workers)
    images, labels = zip(*loader)
    return torch.cat(images), torch.cat(labels)


class Augmented(Dataset):
    """torchvision's transforms on a uint8 CHW image: RandomCrop(H, padding), RandomHorizontalFlip, ToTensor, Normalize."""

    def __init__(self, images, labels, padding=4):
        self.images, self.labels, self.padding = images, labels, padding
        pixels = images.float().div(255)
        self.mean = pixels.mean((0, 2, 3)).view(-1, 1, 1)
        self.std = pixels.std((0, 2, 3)).view(-1, 1, 1)

    def __len__(self):
        return len(self.images)

    def __getitem__(self, i):
        x = self.images[i]
        _, h, w = x.shape
        p = self.padding
        x = F.pad(x, (p, p, p, p))
        top, left = torch.randint(0, 2 * p + 1, (1,)).item(), torch.randint(0, 2 * p + 1, (1,)).item()
        x = x[:, top:top + h, left:left + w]
        if torch.rand(1).item() < 0.5:
            x = x.flip(-1)
        return (x.float().div(255) - self.mean) / self.std, self.labels[i]


def data_decode():
    items = files(folder())
    workers = torch.get_num_threads()
    return (lambda: decode_all(items, workers)), 0, 0


def data_augment():
    workers = torch.get_num_threads()
    images, labels = decode_all(files(folder()), workers)
    loader = DataLoader(Augmented(images, labels), batch_size=BATCH, shuffle=True, num_workers=workers)

    def epoch():
        for _ in loader:
            pass

    return epoch, 0, 0
